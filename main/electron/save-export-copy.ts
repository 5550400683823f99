// export.saveCopy in the desktop shell: an export batch's folder copied where the owner chooses (a USB stick, a
// shared drive for the accountant). Only injected functions, so tests drive it in plain Node with real files.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { SaveExportCopy } from '../api/handlers/export';

export interface SaveExportCopyDeps {
  /** The folder picker; resolves to the chosen folder, or null when the owner cancelled. */
  chooseFolder: () => Promise<string | null>;
  /** Copies a folder and everything in it; must refuse to overwrite. */
  copyFolder: (from: string, to: string) => Promise<void>;
}

export function createSaveExportCopy(deps: SaveExportCopyDeps): SaveExportCopy {
  return async ({ folder, name }) => {
    const target = await deps.chooseFolder();
    if (!target) return { saved: false, folder: null };
    // The copy keeps the batch's own folder name, so TaxPoynt files from different batches never mix.
    const destination = join(target, name);
    if (existsSync(destination)) {
      throw new ApiError('conflict', `${basename(target)} already has a folder called ${name}. Choose another place.`);
    }
    try {
      await deps.copyFolder(folder, destination);
    } catch {
      throw new ApiError('unavailable', `The export could not be copied to ${basename(target)}. Choose another place, or check there is space.`);
    }
    return { saved: true, folder: destination };
  };
}
