import { ApiError } from '../../shared/contract';
import type { BuyerAddress, LineClassification } from '../../shared/domain';
import { lookupCode, stateOfLga } from '../invoicing/nrs-codes/index';

// Membership in the NRS code lists (the contract checked only the shape): a code the NRS would refuse is refused here,
// at the field, before anything is saved.

export function checkAddress(a: BuyerAddress, field = 'buyer.address'): void {
  if (!lookupCode('countries', a.country)) throw new ApiError('invalid_input', `${a.country} is not a country code the NRS knows.`, `${field}.country`);
  if (a.state && !lookupCode('states', a.state)) {
    throw new ApiError('invalid_input', `${a.state} is not a Nigerian state code (e.g. NG-LA for Lagos).`, `${field}.state`);
  }
  if (a.lga) {
    const state = stateOfLga(a.lga);
    if (!state) throw new ApiError('invalid_input', `${a.lga} is not an LGA code the NRS knows.`, `${field}.lga`);
    if (a.state && state !== a.state) {
      throw new ApiError('invalid_input', `${lookupCode('lgas', a.lga)!.name} is not in ${lookupCode('states', a.state)!.name}.`, `${field}.lga`);
    }
  }
}

export function checkClassification(c: LineClassification, field = 'classification'): void {
  if (c.kind === 'goods' && !lookupCode('hs', c.code)) {
    throw new ApiError('invalid_input', `${c.code} is not in the NRS list of HS codes.`, `${field}.code`);
  }
  if (c.kind === 'service' && !lookupCode('isic', c.code)) {
    throw new ApiError('invalid_input', `${c.code} is not in the NRS list of service (ISIC) codes.`, `${field}.code`);
  }
}
