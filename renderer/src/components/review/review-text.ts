import type { AuditEntry, BuyerAddress, InvoiceStatus, LineClassification } from '../../../../shared/domain';
import { errorFieldErrors } from '../../error-parts';
import { errorMessage, STATUS_LABELS } from '../../format';

// The invoice's history and the review forms in the owner's words: no channel names, field keys or Square codes.

/** Who made a change: the app itself (from Square) or the owner on a named device. */
export function actorWords(actor: string): string {
  if (actor === 'pipeline') return 'TaxPoynt, from Square';
  if (actor.startsWith('owner@')) return `You, on ${actor.slice('owner@'.length) || 'this computer'}`;
  return actor;
}

export function classificationWords(c: Pick<LineClassification, 'kind' | 'code' | 'category'> | null | undefined): string {
  if (!c) return 'not set';
  return `${c.kind === 'goods' ? 'Goods, HS' : 'Service, ISIC'} ${c.code} (${c.category})`;
}

export function addressWords(a: BuyerAddress | null | undefined, names: (code: string) => string = (c) => c): string {
  if (!a) return 'none';
  return [a.street, a.city, a.lga ? names(a.lga) : null, a.state ? names(a.state) : null, a.postalZone, a.country === 'NG' ? 'Nigeria' : names(a.country)]
    .filter(Boolean)
    .join(', ');
}

const statusWord = (s: unknown) => (typeof s === 'string' && s in STATUS_LABELS ? STATUS_LABELS[s as InvoiceStatus] : String(s));
const KIND_WORDS: Record<string, string> = { B2B: 'Business (B2B)', B2C: 'Consumer (B2C)' };

export interface HistoryChange {
  label: string;
  before: string;
  after: string;
}

export interface HistoryLine {
  what: string;
  changes: HistoryChange[];
  note?: string;
}

interface BuyerSnapshot {
  name?: string | null;
  tin?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: BuyerAddress | null;
  kind?: string | null;
}

const BUYER_FIELDS: [keyof BuyerSnapshot, string][] = [
  ['name', 'Name'],
  ['kind', 'Buyer type'],
  ['tin', 'TIN'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['address', 'Address'],
];

function buyerValue(key: keyof BuyerSnapshot, b: BuyerSnapshot | null | undefined, names?: (code: string) => string): string {
  const v = b?.[key];
  if (key === 'address') return addressWords(v as BuyerAddress | null, names);
  if (key === 'kind') return v ? (KIND_WORDS[v as string] ?? String(v)) : 'from the TIN';
  return v ? String(v) : 'none';
}

/** One history entry as a sentence, with what changed before → after. */
export function historyLine(e: AuditEntry, names?: (code: string) => string): HistoryLine {
  const d = e.detail ?? {};
  const note = typeof d.note === 'string' ? d.note : undefined;
  switch (e.action) {
    case 'invoice.created':
      return { what: `Made from the sale in Square, as ${statusWord(d.status)}`, changes: [] };
    case 'invoice.updated':
      return { what: 'Updated from a newer version of the sale in Square', changes: [] };
    case 'invoice.voided':
      return e.actor === 'pipeline' && d.before === undefined
        ? { what: 'Voided: the sale was cancelled in Square', changes: [] }
        : { what: 'Voided', changes: [{ label: 'Status', before: statusWord(d.before), after: statusWord(d.after) }], note };
    case 'invoice.approved':
      return { what: 'Approved', changes: [{ label: 'Status', before: statusWord(d.before), after: statusWord(d.after) }] };
    case 'invoice.reopened':
      return { what: 'Reopened for changes', changes: [{ label: 'Status', before: statusWord(d.before), after: statusWord(d.after) }] };
    case 'invoice.accepted':
      return {
        what: 'Accepted as it is, although it needed checking',
        changes: typeof d.reason === 'string' ? [{ label: 'What needed checking', before: d.reason, after: 'accepted' }] : [],
        note,
      };
    case 'invoice.buyer.changed': {
      const before = d.before as BuyerSnapshot | null | undefined;
      const after = d.after as BuyerSnapshot | null | undefined;
      const changes = BUYER_FIELDS.map(([key, label]) => ({ label, before: buyerValue(key, before, names), after: buyerValue(key, after, names) }))
        .filter((c) => c.before !== c.after);
      return { what: 'Changed the buyer', changes };
    }
    case 'invoice.line.classified':
      return {
        what: `Set the classification of line ${String(d.line ?? '')}`.trim(),
        changes: [{
          label: 'Classification',
          before: classificationWords(d.before as LineClassification | null),
          after: classificationWords(d.after as LineClassification | null),
        }],
      };
    case 'invoice.exported':
      return {
        what: typeof d.batch === 'number' ? `Exported in batch no. ${d.batch}` : 'Exported',
        changes: typeof d.irn === 'string' ? [{ label: 'IRN', before: 'none', after: d.irn }] : [],
      };
    default:
      return { what: 'Changed the invoice', changes: [], note };
  }
}

/**
 * A refusal's words for one field: main sends each refused field's own sentence in `fieldErrors` (the error's message
 * is the sentence for the whole refusal); without one, the message itself.
 */
export function messageFor(err: unknown, field: string): string {
  return errorFieldErrors(err).find((f) => f.field === field)?.message ?? errorMessage(err);
}
