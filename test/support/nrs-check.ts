import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currencyExponent } from '../../shared/money';
import { lookupCode } from '../../main/invoicing/nrs-codes/index';

// Checks an exported NRS invoice the way an access point would: the JSON Schema of test/schemas (written from the
// reference notes), membership of every code in the NRS lists, and the arithmetic in exact minor units.

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../schemas/nrs-invoice.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

export function schemaErrors(inv: unknown): string[] {
  return validate(inv) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** A JSON number (parsed to a float) back to exact minor units, through its fixed-point text. */
export function minor(x: number, currency: string): bigint {
  const exp = currencyExponent(currency);
  return BigInt(x.toFixed(exp).replace('.', ''));
}

interface Inv {
  document_currency_code: string;
  invoice_type_code: string;
  payment_means?: { payment_means_code: string }[];
  allowance_charge?: { charge_indicator: boolean; amount: number }[];
  tax_total: { tax_amount: number; tax_subtotal: { taxable_amount: number; tax_amount: number; tax_category: { id: string; percent: number } }[] }[];
  legal_monetary_total: { line_extension_amount: number; tax_exclusive_amount: number; tax_inclusive_amount: number; payable_amount: number };
  invoice_line: { line_extension_amount: number; hsn_code?: string; isic_code?: string }[];
  accounting_supplier_party: { postal_address: { country: string; state: string; lga: string } };
  accounting_customer_party?: { postal_address?: { country: string } };
}

export function codeErrors(raw: unknown): string[] {
  const inv = raw as Inv;
  const out: string[] = [];
  const need = (list: Parameters<typeof lookupCode>[0], code: string | undefined) => {
    if (code !== undefined && !lookupCode(list, code)) out.push(`${list}: ${code}`);
  };
  need('invoiceTypes', inv.invoice_type_code);
  need('currencies', inv.document_currency_code);
  for (const p of inv.payment_means ?? []) need('paymentMeans', p.payment_means_code);
  for (const t of inv.tax_total) for (const s of t.tax_subtotal) need('taxCategories', s.tax_category.id);
  for (const l of inv.invoice_line) {
    need('hs', l.hsn_code);
    need('isic', l.isic_code);
  }
  const a = inv.accounting_supplier_party.postal_address;
  need('countries', a.country);
  need('states', a.state);
  need('lgas', a.lga);
  need('countries', inv.accounting_customer_party?.postal_address?.country);
  return out;
}

/** The access point's sums, exact: every violated identity, by name. */
export function arithmeticErrors(raw: unknown): string[] {
  const inv = raw as Inv;
  const c = inv.document_currency_code;
  const m = (x: number) => minor(x, c);
  const t = inv.legal_monetary_total;
  const out: string[] = [];
  const sumLines = inv.invoice_line.reduce((s, l) => s + m(l.line_extension_amount), 0n);
  if (sumLines !== m(t.line_extension_amount)) out.push('Σ lines ≠ line extension');
  const allowances = (inv.allowance_charge ?? []).filter((x) => !x.charge_indicator).reduce((s, x) => s + m(x.amount), 0n);
  const charges = (inv.allowance_charge ?? []).filter((x) => x.charge_indicator).reduce((s, x) => s + m(x.amount), 0n);
  if (m(t.tax_exclusive_amount) !== m(t.line_extension_amount) - allowances + charges) out.push('tax exclusive ≠ line extension − allowances + charges');
  const tax = inv.tax_total.reduce((s, x) => s + m(x.tax_amount), 0n);
  if (m(t.tax_inclusive_amount) !== m(t.tax_exclusive_amount) + tax) out.push('tax inclusive ≠ exclusive + tax');
  for (const tt of inv.tax_total) {
    if (tt.tax_subtotal.reduce((s, x) => s + m(x.tax_amount), 0n) !== m(tt.tax_amount)) out.push('Σ subtotals ≠ tax total');
    for (const s of tt.tax_subtotal) {
      // |tax − taxable × percent / 100| ≤ 0.01, in exact integers (percent has at most 4 decimals here).
      const p = BigInt(Math.round(s.tax_category.percent * 10_000));
      const unit = 10n ** BigInt(currencyExponent(c));
      const diff = m(s.tax_amount) * 1_000_000n - m(s.taxable_amount) * p;
      if ((diff < 0n ? -diff : diff) > unit * 10_000n) out.push(`subtotal tax ≠ taxable × ${s.tax_category.percent}%`);
    }
  }
  // payable = tax inclusive ± cash rounding (at most half the smallest coin; Square rounds to 0.05 at most).
  const rounding = m(t.payable_amount) - m(t.tax_inclusive_amount);
  if ((rounding < 0n ? -rounding : rounding) > 10n ** BigInt(currencyExponent(c))) out.push('payable too far from tax inclusive');
  return out;
}
