import type { LineClassification } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import { lookupCode, stateOfLga } from '../invoicing/nrs-codes/index';

/** The supplier side of every exported invoice: the business profile from the settings, in one place. */
export interface ExportProfile {
  businessId: string;
  name: string;
  tin: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  postalZone: string;
  state: string;
  lga: string;
  serviceId: string;
  invoiceTypeCode: string;
  creditNoteTypeCode: string;
  defaultClassification: LineClassification | null;
}

export function profileFromSettings(s: Settings): ExportProfile {
  return {
    businessId: s.businessId, name: s.businessName, tin: s.businessTin, email: s.businessEmail, phone: s.businessPhone,
    street: s.businessStreet, city: s.businessCity, postalZone: s.businessPostalZone, state: s.businessState,
    lga: s.businessLga, serviceId: s.serviceId, invoiceTypeCode: s.invoiceTypeCode, creditNoteTypeCode: s.creditNoteTypeCode,
    defaultClassification: s.defaultClassificationKind && s.defaultClassificationCode
      ? { kind: s.defaultClassificationKind, code: s.defaultClassificationCode, category: s.defaultClassificationCategory }
      : null,
  };
}

/**
 * Profile values the NRS would refuse although their shape is right (a code outside its lists, an LGA of another
 * state, a default classification whose code does not fit its kind), keyed by setting, in the owner's words. Used by
 * settings.set (refused at the field) and by the export rules.
 */
export function profileCodeProblems(s: Partial<Settings>): { field: keyof Settings; message: string }[] {
  const out: { field: keyof Settings; message: string }[] = [];
  if (s.businessState && !lookupCode('states', s.businessState)) {
    out.push({ field: 'businessState', message: `${s.businessState} is not a Nigerian state code (e.g. NG-LA for Lagos).` });
  }
  if (s.businessLga) {
    const state = stateOfLga(s.businessLga);
    if (!state) out.push({ field: 'businessLga', message: `${s.businessLga} is not an LGA code the NRS knows.` });
    else if (s.businessState && state !== s.businessState) {
      out.push({ field: 'businessLga', message: `${lookupCode('lgas', s.businessLga)!.name} is not in ${lookupCode('states', s.businessState)?.name ?? s.businessState}.` });
    }
  }
  for (const key of ['invoiceTypeCode', 'creditNoteTypeCode'] as const) {
    const code = s[key];
    if (code && !lookupCode('invoiceTypes', code)) out.push({ field: key, message: `${code} is not an NRS invoice type code (381 is a commercial invoice, 380 a credit note).` });
  }
  if (s.defaultClassificationCode) {
    const kind = s.defaultClassificationKind;
    const code = s.defaultClassificationCode;
    if (kind === 'goods' && !lookupCode('hs', code)) out.push({ field: 'defaultClassificationCode', message: `${code} is not in the NRS list of HS codes (goods), e.g. 1006.30.` });
    if (kind === 'service' && !lookupCode('isic', code)) out.push({ field: 'defaultClassificationCode', message: `${code} is not in the NRS list of service (ISIC) codes, e.g. 5610.` });
  }
  return out;
}
