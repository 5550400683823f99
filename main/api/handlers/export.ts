import type { ExportService } from '../../export/export-service';
import type { AreaHandlers } from './types';

export function createExportHandlers(exports: ExportService): AreaHandlers<'export'> {
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
  };
}
