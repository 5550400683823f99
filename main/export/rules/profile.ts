import type { ExportProfile } from '../profile';
import { profileCodeProblems } from '../profile';

// The business profile is part of every invoice (the supplier party, business_id, the IRN's Service ID): an
// incomplete profile blocks every export, so its problems name the setting to fill in rather than an invoice.

const REQUIRED: [keyof ExportProfile, string][] = [
  ['businessId', 'Business ID (the UUID on your MBS dashboard)'],
  ['name', 'business legal name'],
  ['tin', 'business TIN'],
  ['email', 'business email address'],
  ['phone', 'business phone number'],
  ['street', 'business street address'],
  ['city', 'business city'],
  ['state', 'business state'],
  ['lga', 'business LGA'],
  ['serviceId', 'Service ID'],
];

export function profileProblems(p: ExportProfile): string[] {
  const missing = REQUIRED.filter(([k]) => !p[k]).map(([, label]) => label);
  const out = missing.length ? [`Settings: fill in the ${missing.join(', ')} before exporting.`] : [];
  const codes = profileCodeProblems({
    businessState: p.state, businessLga: p.lga, invoiceTypeCode: p.invoiceTypeCode, creditNoteTypeCode: p.creditNoteTypeCode,
    ...(p.defaultClassification
      ? { defaultClassificationKind: p.defaultClassification.kind, defaultClassificationCode: p.defaultClassification.code }
      : {}),
  });
  return [...out, ...codes.map((c) => `Settings: ${c.message}`)];
}
