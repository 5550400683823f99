import { dirname } from 'node:path';
import { ApiError } from '../../../shared/contract';
import type { ExportService } from '../../export/export-service';
import type { AreaHandlers } from './types';

/** What the desktop shell does for export.saveCopy: the batch's folder copied where the owner chooses. */
export type SaveExportCopy = (batch: { folder: string; name: string }) => Promise<{ saved: boolean; folder: string | null }>;

export function createExportHandlers(exports: ExportService, saveCopy?: SaveExportCopy): AreaHandlers<'export'> {
  return {
    'export.check': ({ ids }) => exports.check(ids),
    'export.run': (input) => exports.run('ids' in input ? { ids: input.ids } : { filter: input.filter }, input.format),
    'export.list': ({ page, pageSize }) => exports.list(page, pageSize),
    'export.rerun': ({ batchId }) => exports.rerun(batchId),
    'export.mappings.get': () => exports.mappings(),
    'export.mappings.set': (patch) => exports.setMappings({
      ...(patch.itemClassifications ? { itemClassifications: patch.itemClassifications } : {}),
      ...(patch.exchangeRates ? { exchangeRates: patch.exchangeRates } : {}),
    }),
    'export.saveCopy': ({ batchId }) => {
      const batch = exports.batch(batchId);
      if (!batch) throw new ApiError('not_found', 'That export is not here any more. Reload the list of exports.', undefined, { detail: `No export batch with id ${batchId}` });
      const folder = dirname(batch.path);
      // In the browser there is no folder picker that can write outside the download area: say where the files are.
      if (!saveCopy) throw new ApiError('unavailable', `The files of this export are in ${folder}. Saving a copy elsewhere is done from the desktop app.`);
      return saveCopy({ folder, name: batch.name });
    },
  };
}
