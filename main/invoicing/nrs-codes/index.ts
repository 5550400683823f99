import countries from './countries.json';
import currencies from './currencies.json';
import hsCodes from './hs_codes.json';
import invoiceTypes from './invoice_types.json';
import paymentMeans from './payment_means.json';
import taxCategories from './tax_categories.json';
import lgas from './lgas.json';
import serviceCodes from './service_codes.json';
import states from './states.json';

// The NRS code lists the app checks against (README.md beside this file). Built once into maps on first use.

export interface CodeEntry {
  code: string;
  name: string;
}

export type CodeList = 'states' | 'lgas' | 'countries' | 'hs' | 'isic' | 'invoiceTypes' | 'taxCategories' | 'paymentMeans' | 'currencies';

let lists: Record<CodeList, CodeEntry[]> | null = null;
let byCode: Record<CodeList, Map<string, CodeEntry>> | null = null;
const lgaState = new Map<string, string>();

function load(): Record<CodeList, CodeEntry[]> {
  if (lists) return lists;
  for (const l of lgas) lgaState.set(l.code, l.state_code);
  lists = {
    states: states.map((s) => ({ code: s.code, name: s.name })),
    lgas: lgas.map((l) => ({ code: l.code, name: l.name })),
    countries: countries.map((c) => ({ code: c.code, name: c.name })),
    hs: hsCodes.map((h) => ({ code: h.hscode, name: h.description })),
    isic: serviceCodes.map((s) => ({ code: s.code, name: s.description })),
    invoiceTypes: invoiceTypes.map((t) => ({ code: t.code, name: t.value })),
    taxCategories: taxCategories.map((t) => ({ code: t.code, name: t.value })),
    paymentMeans: paymentMeans.map((p) => ({ code: p.code, name: p.value })),
    currencies: currencies.map((c) => ({ code: c.code, name: c.name })),
  };
  byCode = Object.fromEntries(
    Object.entries(lists).map(([k, v]) => [k, new Map(v.map((e) => [e.code, e]))]),
  ) as Record<CodeList, Map<string, CodeEntry>>;
  return lists;
}

/** The entry for `code` in `list`, or null when the NRS would refuse it. */
export function lookupCode(list: CodeList, code: string): CodeEntry | null {
  load();
  return byCode![list].get(code) ?? null;
}

/** A state name as people write it ("Lagos", "lagos state", "FCT") → its NRS state code, or null when it is none. */
export function stateCodeByName(name: string): string | null {
  const key = name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/ state$/, '');
  if (!key) return null;
  // The list names the capital territory in full; these are the ways addresses write it.
  if (['fct', 'abuja', 'federal capital territory', 'abuja fct'].includes(key)) return 'NG-FC';
  return load().states.find((s) => s.name.toLowerCase() === key)?.code ?? null;
}

/** The state an LGA code belongs to (NG-LA-IKE → NG-LA), or null for an unknown LGA. */
export function stateOfLga(lga: string): string | null {
  load();
  return lgaState.get(lga) ?? null;
}

/**
 * Entries whose code starts with, or whose name contains, `query` (case-insensitive), code matches first; LGAs can
 * be limited to one state. For pickers: at most `limit` entries.
 */
export function searchCodes(list: CodeList, query: string, options: { state?: string; limit?: number } = {}): CodeEntry[] {
  const all = load()[list];
  const q = query.trim().toLowerCase();
  const inState = (e: CodeEntry) => !options.state || list !== 'lgas' || lgaState.get(e.code) === options.state;
  const limit = options.limit ?? 50;
  const byCodePrefix: CodeEntry[] = [];
  const byName: CodeEntry[] = [];
  for (const e of all) {
    if (!inState(e)) continue;
    if (!q || e.code.toLowerCase().startsWith(q)) byCodePrefix.push(e);
    else if (e.name.toLowerCase().includes(q)) byName.push(e);
    if (byCodePrefix.length >= limit) break;
  }
  return [...byCodePrefix, ...byName].slice(0, limit);
}
