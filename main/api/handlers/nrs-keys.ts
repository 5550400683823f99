import { ApiError } from '../../../shared/contract';
import { NrsKeysError } from '../../invoicing/nrs-keys';
import type { NrsKeyVault } from '../../invoicing/nrs-key-vault';
import type { AreaHandlers } from './types';

// The business's NRS keys: set from crypto_keys.txt, cleared, and "set: yes/no" — never the keys themselves.
export function createNrsKeyHandlers(vault: NrsKeyVault): AreaHandlers<'nrsKeys'> {
  return {
    'nrsKeys.status': async () => ({ keysSet: await vault.isSet() }),
    'nrsKeys.set': async ({ contents }) => {
      try {
        await vault.set(contents);
      } catch (err) {
        if (err instanceof NrsKeysError) throw new ApiError('invalid_input', err.message, 'contents');
        throw err;
      }
      return { keysSet: true };
    },
    'nrsKeys.clear': async () => {
      await vault.clear();
      return { keysSet: false };
    },
  };
}
