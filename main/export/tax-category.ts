// The converter groups Square's taxes as STANDARD_VAT, ZERO_RATED, EXEMPT or OTHER (main/invoicing/convert/taxes.ts);
// the NRS names them from its tax_categories list. OTHER (a fixed-amount or unknown tax) has no NRS category: such a
// document cannot be exported until the tax is set up in Square as a percentage.
const TO_NRS: Readonly<Record<string, string>> = {
  STANDARD_VAT: 'STANDARD_VAT',
  ZERO_RATED: 'ZERO_VAT',
  EXEMPT: 'EXEMPTED',
};

export function nrsTaxCategory(category: string): string | null {
  return TO_NRS[category] ?? null;
}
