import type { BuyerAddress } from '../../shared/domain';
import type { ShopDetails } from '../../shared/print';
import type { Settings } from '../../shared/settings';
import { lookupCode } from './nrs-codes/index';

// Addresses as printed lines, with state, LGA and country by name (the codes are for the NRS, not for people).

/**
 * The business profile's address and contact settings. They arrive with the export work (business profile); read
 * loosely so printing shows them as soon as they exist and shows name + TIN alone until then.
 */
type Profile = Partial<Record<'businessStreet' | 'businessCity' | 'businessPostalZone' | 'businessState' | 'businessLga' | 'businessEmail' | 'businessPhone', string>>;

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';
const nameOf = (list: 'states' | 'lgas' | 'countries', code: string | null | undefined) =>
  present(code) ? (lookupCode(list, code)?.name ?? code) : null;

function addressLines(parts: { street?: string | null; city?: string | null; postalZone?: string | null; lga?: string | null; state?: string | null; country?: string | null }): string[] {
  const lines = [
    parts.street,
    [parts.city, parts.postalZone].filter(present).join(' '),
    [nameOf('lgas', parts.lga), nameOf('states', parts.state)].filter(present).join(', '),
  ].filter(present);
  if (lines.length === 0) return [];
  const country = nameOf('countries', parts.country);
  return country ? [...lines, country] : lines;
}

export function shopDetails(settings: Settings): ShopDetails {
  const profile = settings as Settings & Profile;
  return {
    name: present(settings.businessName) ? settings.businessName : null,
    tin: present(settings.businessTin) ? settings.businessTin : null,
    // A business registered with the NRS is in Nigeria; the profile has no country of its own.
    addressLines: addressLines({
      street: profile.businessStreet,
      city: profile.businessCity,
      postalZone: profile.businessPostalZone,
      lga: profile.businessLga,
      state: profile.businessState,
      country: 'NG',
    }),
    email: present(profile.businessEmail) ? profile.businessEmail : null,
    phone: present(profile.businessPhone) ? profile.businessPhone : null,
  };
}

export function buyerAddressLines(address: BuyerAddress | null): string[] {
  return address ? addressLines(address) : [];
}
