// An export in its own process for the crash test: exports every approved document of EXPORT_DATA_DIR in
// EXPORT_FORMAT and prints each progress event as a line ("progress <phase> <done>"), so the test can SIGKILL it
// at a known point of the write.
import { ExportService } from '../../main/export/export-service';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { PushBus } from '../../main/platform/push-bus';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';

const dataDir = process.env.EXPORT_DATA_DIR!;
const format = process.env.EXPORT_FORMAT === 'csv' ? 'csv' : 'nrs-json';
const db = openDatabase(dataDir);
const bus = new PushBus();
bus.on('export.progress', (p) => process.stdout.write(`progress ${p.phase} ${p.done}\n`));
const settings = new SettingsRepo(db);
const svc = new ExportService({ db, store: new InvoiceStore(db), bus, dataDir, settings: () => settings.getAll(), actor: 'owner@crash-host' });
const r = await svc.run({ filter: {} }, format);
process.stdout.write(`result ${r.ok ? 'ok' : r.message}\n`);
db.close();
