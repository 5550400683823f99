import type { InvoiceKind, InvoiceStatus } from '../../shared/domain';
import { currencyExponent, minorToDecimalString } from '../../shared/money';
import { ApiCallError } from '../../shared/contract';

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  needs_review: 'Needs review',
  approved: 'Approved',
  exported: 'Exported',
  void: 'Void',
};

export const KIND_LABELS: Record<InvoiceKind, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
};

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** One formatter per currency: the currency's own symbol (₦, $, £, ¥) and its ISO 4217 number of decimals. */
function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    const digits = currencyExponent(currency);
    format = new Intl.NumberFormat('en-GB', {
      style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits,
    });
    moneyFormats.set(currency, format);
  }
  return format;
}

/**
 * Integer minor units to "₦1,300,750.00". Never through a float: the decimal is built from the integer's digits and
 * Intl formats that string exactly (a number would lose digits past 2^53). A bad currency code shows as-is, not a crash.
 */
export function money(amountMinor: number, currency: string): string {
  try {
    return moneyFormat(currency).format(minorToDecimalString(amountMinor, currency) as Intl.StringNumericLiteral);
  } catch {
    return `${currency} ${amountMinor} (minor units)`;
  }
}

// Day-month-year, as invoices are read in Nigeria; fixed so a screenshot reads the same on every machine.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** A calendar date "YYYY-MM-DD" (no time zone) to "10 Jan 2025". */
export function formatDate(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dateFormat.format(d);
}

/** An instant (RFC 3339) in the viewer's local time. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/** The offending input field of a rejected call. Duck-typed: an error that crossed contextBridge loses its class. */
export function errorField(err: unknown): string | undefined {
  if (err instanceof ApiCallError) return err.field;
  const field = typeof err === 'object' && err !== null ? (err as { field?: unknown }).field : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** The tax groups the converter forms, as an owner reads them (the stored codes are for the export). */
const TAX_CATEGORY_LABELS: Record<string, string> = {
  STANDARD_VAT: 'Standard VAT',
  ZERO_RATED: 'Zero-rated',
  EXEMPT: 'Exempt',
  OTHER: 'Other tax',
};

export function taxCategoryLabel(category: string): string {
  return TAX_CATEGORY_LABELS[category] ?? category;
}
