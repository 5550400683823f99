import type { InvoiceDocument } from '../invoicing/invoice-detail';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { Page } from '../../shared/domain';
import type { ExportBatchView, ExportFormat, ExportMappings, ExportProblems, ExportRunResult } from '../../shared/export';
import type { Settings } from '../../shared/settings';
import { InvoiceChangeRefused, type Actor, type ExportMark, type InvoiceStore } from '../invoicing/invoice-store';
import type { Db } from '../platform/db/open';
import type { PushBus } from '../platform/push-bus';
import { SquareFacts } from './square-facts';
import { BatchFiles, sweepOrphans, type WrittenFile } from './batch-files';
import { BatchRepo, fileCountOf, type BatchSnapshot } from './batch-repo';
import { CSV_BOM, csvHeader, csvRows } from './csv';
import type { ExportDoc } from './export-doc';
import { localTime } from './local-time';
import { MappingsRepo } from './mappings-repo';
import { nrsFileName, nrsInvoiceText } from './nrs-json';
import { paymentMeansOf } from './payment-means';
import { catalogIdsOf } from './catalog-ids';
import { profileFromSettings, type ExportProfile } from './profile';
import { effectiveIrn, exportProblems, latestIssueDate, profileProblems, type OriginalRef } from './rules/index';

export interface ExportDeps {
  db: Db;
  store: InvoiceStore;
  bus: PushBus;
  /** Headless: batches go to <dataDir>/exports/<batch>/. */
  dataDir: string;
  settings: () => Settings;
  actor: Actor;
  now?: () => number;
  /** Runs after the files are in place and before the batch transaction (tests inject failures here). */
  beforeCommit?: () => void;
}

export type ExportSelection = { ids: number[] } | { filter: { from?: string | undefined; to?: string | undefined; locationId?: string | undefined } };

/**
 * Documents are read PAGE at a time (three set queries per page); after each page a long export lets the event loop
 * run (progress events, other calls).
 */
const PAGE = 500;
function* pages<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += PAGE) yield items.slice(i, i + PAGE);
}
const yieldNow = () => new Promise<void>((r) => setImmediate(r));

type Lookups = ReturnType<MappingsRepo['snapshot']>;

/** Documents in file order: invoices before credit notes (the NRS must know an original first), then by id. */
const fileOrder = (a: { id: number; kind: string }, b: { id: number; kind: string }) =>
  (a.kind === 'credit_note' ? 1 : 0) - (b.kind === 'credit_note' ? 1 : 0) || a.id - b.id;

/**
 * Export batches (docs/taxpoynt-export.md): check every document first (one problem → nothing is exported, every
 * reason is returned), write the files into place atomically, then ONE transaction records the batch and marks its
 * documents exported through the invoice store. A re-export rebuilds the same bytes from the stored documents and the
 * batch's snapshot (profile, rates, time zones).
 */
export class ExportService {
  private readonly square: SquareFacts;
  private readonly batches: BatchRepo;
  private readonly mappingsRepo: MappingsRepo;
  private readonly now: () => number;
  readonly root: string;
  private running = false;

  constructor(private readonly d: ExportDeps) {
    this.square = new SquareFacts(d.db);
    this.batches = new BatchRepo(d.db);
    this.mappingsRepo = new MappingsRepo(d.db);
    this.now = d.now ?? Date.now;
    this.root = join(d.dataDir, 'exports');
    // What a killed or failed export left behind goes first: a file without its batch record must not stay.
    sweepOrphans(this.root, this.batches.names());
  }

  mappings(): ExportMappings {
    return this.mappingsRepo.get();
  }

  setMappings(patch: Partial<ExportMappings>): ExportMappings {
    return this.mappingsRepo.set(patch, this.now());
  }

  /** export.check: what stops each document, including an incomplete profile (shown before the owner exports). */
  check(ids: number[]): ExportProblems[] {
    const profile = profileFromSettings(this.d.settings());
    const general = profileProblems(profile);
    const lookups = this.mappingsRepo.snapshot();
    const inBatch = new Set(ids);
    const now = this.now();
    // The business profile's problems concern every document: said once, as id 0 (as export.run's refusal does).
    const out: ExportProblems[] = general.length ? [{ id: 0, number: null, problems: general }] : [];
    for (const page of pages([...inBatch])) {
      const docs = new Map(this.d.store.documents(page).map((d) => [d.id, d]));
      const uids = lookups.hasCatalogItems ? this.d.store.lineSourceUids(page) : undefined;
      for (const id of page) {
        const detail = docs.get(id);
        out.push(detail
          ? { id, number: detail.number, problems: this.prepare(detail, profile, lookups, inBatch, now, uids).problems }
          : { id, number: null, problems: [`Invoice #${id} does not exist.`] });
      }
    }
    return out;
  }

  /** One recorded batch, as listed; null when there is none with that id. */
  batch(batchId: number): ExportBatchView | null {
    return this.batches.get(batchId)?.view ?? null;
  }

  list(page: number, pageSize: number): Page<ExportBatchView> {
    return this.batches.list(page, pageSize);
  }

  async run(selection: ExportSelection, format: ExportFormat): Promise<ExportRunResult> {
    if (this.running) throw new ApiError('conflict', 'An export is already running; wait for it to finish.');
    this.running = true;
    try {
      return await this.runExclusive(selection, format);
    } finally {
      this.running = false;
    }
  }

  private async runExclusive(selection: ExportSelection, format: ExportFormat): Promise<ExportRunResult> {
    const now = this.now();
    const settings = this.d.settings();
    const profile = profileFromSettings(settings);
    const lookups = this.mappingsRepo.snapshot();
    const ids = 'ids' in selection ? [...new Set(selection.ids)] : this.d.store.approvedIds(selection.filter);
    if (!ids.length) return { ok: false, problems: [], message: 'There are no approved invoices to export for this choice.' };
    const name = `${new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${format}-${randomBytes(3).toString('hex')}`;
    const general = profileProblems(profile);
    if (general.length) {
      return { ok: false, problems: [{ id: 0, number: null, problems: general }], message: `Nothing was exported: ${general.join(' ')}` };
    }

    // One pass in file order: every document is checked and, as long as none has a problem, written. The first problem
    // stops the writing (nothing will be exported) but not the checking, so every reason is returned; the unfinished
    // folder is then removed. Reading 50,000 documents once instead of twice (check, then write) is most of the saving.
    const inBatch = new Set(ids);
    const order = this.d.store.kindsOf(ids).sort(fileOrder);
    const problems: ExportProblems[] = [];
    if (order.length < inBatch.size) {
      const known = new Set(order.map((o) => o.id));
      for (const id of inBatch) if (!known.has(id)) problems.push({ id, number: null, problems: [`Invoice #${id} does not exist.`] });
    }

    // The snapshot is what a re-export needs to write the same bytes.
    const snapshot: BatchSnapshot = { profile, rates: {}, timeZones: {} };
    const files = new BatchFiles(this.root, name, `${name}.${format === 'csv' ? 'csv' : 'json'}`, '\n');
    // Marks are staged in SQLite page by page (InvoiceStore.stageExportMarks), not kept until the commit.
    let marks: ExportMark[] = [];
    const smallBatchIds: number[] = [];
    let credits = 0;
    // Everything after the BatchFiles exist runs inside the try: its catch stops the file writer thread and removes the
    // folder (a thread left running would also keep the process from exiting).
    try {
      this.d.store.clearExportMarks();
      this.batches.clearStagedFiles();
      const stageFiles = (page: WrittenFile[]) => this.batches.stageFiles(page);
      await this.writeAll(files, format, order, profile, name, lookups.hasCatalogItems, stageFiles, (detail, uids) => {
        const prepared = this.prepare(detail, profile, lookups, inBatch, now, uids);
        if (!prepared.doc) {
          problems.push({ id: detail.id, number: detail.number, problems: prepared.problems });
          return null;
        }
        if (problems.length) return null;
        const doc = prepared.doc;
        if (detail.currency !== 'NGN') snapshot.rates[`${detail.currency} ${detail.issueDate}`] = doc.exchangeRate;
        snapshot.timeZones[detail.locationId ?? ''] = prepared.timeZone;
        if (detail.kind === 'credit_note') credits++;
        marks.push({
          id: detail.id, number: detail.number, irn: doc.irn, paymentMeans: doc.paymentMeans,
          classifications: detail.lines.map((l, i) => (l.classification ? null : doc.classifications[i]!)),
          seenUpdatedAt: Date.parse(detail.updatedAt),
        });
        if (smallBatchIds.length <= 1000) smallBatchIds.push(detail.id);
        if (marks.length >= PAGE) {
          this.d.store.stageExportMarks(marks);
          marks = [];
        }
        return doc;
      });
      if (problems.length) {
        this.d.store.clearExportMarks();
        this.batches.clearStagedFiles();
        await files.abort();
        problems.sort((a, b) => a.id - b.id);
        const n = problems.length;
        return { ok: false, problems, message: `Nothing was exported: ${n} ${n === 1 ? 'document has' : 'documents have'} problems to fix first.` };
      }
      this.d.store.stageExportMarks(marks);
      marks = [];
      const { main, rest } = await files.finish();
      this.batches.stageFiles(rest);
      this.progress(name, 'recording', order.length, order.length);
      this.d.beforeCommit?.();
      const batchId = this.d.db.transaction(() => {
        const id = this.batches.insert({
          name, format, path: files.mainPath, main, invoiceCount: order.length - credits,
          creditNoteCount: credits, snapshot, createdAt: now,
        });
        this.d.store.markExported(id, now, this.d.actor);
        return id;
      }).immediate();
      this.progress(name, 'done', order.length, order.length);
      this.d.bus.emit('stats.changed', {});
      // One push per document for a small batch (open detail views refresh); a large one is covered by stats.changed
      // and the list reloading, rather than flooding the renderer with 50,000 events.
      if (smallBatchIds.length <= 1000) for (const id of smallBatchIds) this.d.bus.emit('invoice.changed', { id, status: 'exported' });
      // The view from what was just recorded, with the main file only (see ExportBatchView.files).
      return {
        ok: true,
        batch: {
          id: batchId, name, format, createdAt: new Date(now).toISOString(), path: files.mainPath, sha256: main.sha256,
          invoiceCount: order.length - credits, creditNoteCount: credits, fileCount: fileCountOf(format, order.length),
          files: [main],
        },
      };
    } catch (err) {
      this.d.store.clearExportMarks();
      this.batches.clearStagedFiles();
      await files.abort();
      if (err instanceof InvoiceChangeRefused) throw new ApiError('conflict', err.message);
      const why = (err as Error).message;
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
        throw new ApiError('unavailable', 'The export could not be written because the disk is full. Nothing was exported. Free some disk space, then try the export again.', undefined, { detail: why });
      }
      throw new ApiError('unavailable', `The export could not be written (${why}). Nothing was exported.`, undefined, { detail: why });
    }
  }

  /** export.rerun: the batch's files again, byte for byte, in a new folder beside the original. */
  async rerun(batchId: number): Promise<{ batch: ExportBatchView; path: string; identical: boolean }> {
    const b = this.batches.get(batchId);
    if (!b) throw new ApiError('not_found', `Export batch ${batchId} does not exist.`);
    const { view, snapshot } = b;
    const stamp = new Date(this.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const mainName = view.files[0]!.name;
    const files = new BatchFiles(this.root, `${view.name}-rerun-${stamp}Z-${randomBytes(2).toString('hex')}`, mainName, '\n');
    try {
      const order = this.d.store.idsInBatch(batchId).sort(fileOrder);
      const written: WrittenFile[] = [];
      const keep = (page: WrittenFile[]) => { for (const f of page) written.push(f); };
      await this.writeAll(files, view.format, order, snapshot.profile, view.name, false, keep, (detail) => this.storedDoc(detail, snapshot));
      const { main, rest } = await files.finish();
      written.push(...rest);
      written.unshift(main);
      const identical = written.length === view.files.length && written.every((f, i) => f.sha256 === view.files[i]!.sha256 && f.name === view.files[i]!.name);
      return { batch: view, path: files.mainPath, identical };
    } catch (err) {
      await files.abort();
      if (err instanceof ApiError) throw err;
      throw new ApiError('unavailable', `The export could not be written again (${(err as Error).message}).`);
    }
  }

  /**
   * Writes the documents in `order`, asking `docOf` for each. A null answer is a document with a problem: from then on
   * nothing more is written (the batch will be thrown away) but every remaining document is still asked, so all the
   * problems are found in the same pass. `filesWritten` receives each page's small files (name, hash, size) in order.
   */
  private async writeAll(
    files: BatchFiles,
    format: ExportFormat,
    order: { id: number }[],
    profile: ExportProfile,
    name: string,
    needUids: boolean,
    filesWritten: (page: WrittenFile[]) => void,
    docOf: (detail: InvoiceDocument, uids?: Map<number, (string | null)[]>) => ExportDoc | null,
  ): Promise<void> {
    files.append(format === 'csv' ? CSV_BOM + csvHeader() : '[\n');
    let i = 0;
    let writing = true;
    // Each page is read in one read transaction: outside one, every query took and released SQLite's shared lock
    // (~4 fcntl and 2 stat calls each, several queries per document), a quarter of the export's system time.
    const readPage = this.d.db.transaction((page: number[]) => {
      const docs = this.d.store.documents(page);
      if (docs.length !== page.length) throw new InvoiceChangeRefused('An invoice disappeared during the export. Nothing was exported.');
      const uids = needUids ? this.d.store.lineSourceUids(page) : undefined;
      for (const detail of docs) {
        const doc = docOf(detail, uids);
        if (!doc) writing = false;
        if (writing && doc) {
          if (format === 'csv') files.append(csvRows(doc, profile));
          else {
            if (i) files.append(',\n');
            files.addDocument(nrsFileName(doc.irn), nrsInvoiceText(doc, profile));
          }
        }
        i++;
      }
    });
    for (const page of pages(order.map((o) => o.id))) {
      readPage(page);
      // The page's files are written on the file writer thread while the next page is read and built.
      filesWritten(await files.endPage());
      this.progress(name, writing ? 'writing' : 'checking', i, order.length);
      await yieldNow();
    }
    if (format !== 'csv') files.append('\n]\n');
  }

  /** One document's problems and, when it has none, what will be written for it. */
  private prepare(
    detail: InvoiceDocument, profile: ExportProfile, lookups: Lookups, inBatch: Set<number>, now: number,
    lineUids?: Map<number, (string | null)[]>,
  ):
    { problems: string[]; doc?: ExportDoc; timeZone: string } {
    const timeZone = this.square.locationTimezone(detail.locationId);
    const paymentMeans = paymentMeansOf(detail, this.square);
    const catalogIds = lookups.hasCatalogItems && lineUids
      ? catalogIdsOf(detail, lineUids.get(detail.id) ?? [], this.square)
      : null;
    const classificationFor = (l: InvoiceDocument['lines'][number]) =>
      l.classification ?? lookups.classificationOf(l.name, catalogIds?.[l.lineNo - 1] ?? null) ?? profile.defaultClassification;
    const original = this.originalRef(detail, profile, inBatch);
    const problems = exportProblems(detail, profile, {
      latestIssueDate: latestIssueDate(now), rateFor: lookups.rateFor, classificationFor, original, paymentMeans,
    });
    if (problems.length) return { problems, timeZone };
    return {
      problems,
      timeZone,
      doc: {
        detail, irn: effectiveIrn(detail, profile)!, issueTime: localTime(detail.issuedAt, timeZone), paymentMeans,
        classifications: detail.lines.map((l) => classificationFor(l)!),
        original: original ? { irn: original.irn!, issueDate: original.issueDate } : null,
        exchangeRate: detail.currency === 'NGN' ? '1' : lookups.rateFor(detail.currency, detail.issueDate)!,
      },
    };
  }

  /** A stored (exported) document as it was written: everything from the store and the batch snapshot. */
  private storedDoc(detail: InvoiceDocument, s: BatchSnapshot): ExportDoc {
    const facts = this.d.store.exportFacts(detail.id);
    const original = this.originalRef(detail, s.profile, new Set());
    return {
      detail, irn: detail.irn!, issueTime: localTime(detail.issuedAt, s.timeZones[detail.locationId ?? ''] ?? 'UTC'),
      paymentMeans: facts?.paymentMeans ?? [],
      classifications: detail.lines.map((l) => l.classification!),
      original: original ? { irn: original.irn!, issueDate: original.issueDate } : null,
      exchangeRate: detail.currency === 'NGN' ? '1' : (s.rates[`${detail.currency} ${detail.issueDate}`] ?? ''),
    };
  }

  private originalRef(detail: InvoiceDocument, profile: ExportProfile, inBatch: Set<number>): OriginalRef | null {
    if (detail.kind !== 'credit_note' || detail.originalInvoiceId === null) return null;
    const o = this.d.store.get(detail.originalInvoiceId);
    if (!o) return null;
    return { irn: effectiveIrn(o, profile), issueDate: o.issueDate, reported: o.status === 'exported' || inBatch.has(o.id) };
  }

  private progress(batchName: string, phase: 'checking' | 'writing' | 'recording' | 'done', done: number, total: number): void {
    this.d.bus.emit('export.progress', { batchName, phase, done, total });
  }
}
