import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { lookupCode } from '../../invoicing/nrs-codes/index';
import { docLabel, type RuleContext } from './context';

// Every line goes out as goods (HS code) or a service (ISIC code) from the NRS lists, with a positive quantity.

export function lineProblems(d: InvoiceDocument, ctx: Pick<RuleContext, 'classificationFor'>): string[] {
  const who = docLabel(d);
  const out: string[] = [];
  if (d.lines.length === 0) out.push(`${who} has no lines.`);
  for (const l of d.lines) {
    const line = `${who}, line ${l.lineNo} (${l.name})`;
    if (!/^\d+(\.\d+)?$/.test(l.quantity) || !/[1-9]/.test(l.quantity)) out.push(`${line}: the quantity ${l.quantity} must be more than 0.`);
    const c = ctx.classificationFor(l);
    if (!c) {
      out.push(`${line} is not classified: choose its HS or service code, or set a default classification in Settings.`);
      continue;
    }
    if (c.kind === 'goods' && !lookupCode('hs', c.code)) out.push(`${line}: ${c.code} is not in the NRS list of HS codes.`);
    if (c.kind === 'service' && !lookupCode('isic', c.code)) out.push(`${line}: ${c.code} is not in the NRS list of service codes.`);
    if (!c.category.trim()) out.push(`${line}: its classification needs a category text.`);
  }
  return out;
}
