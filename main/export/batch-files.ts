import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FILE_WRITER_SOURCE } from './file-writer-thread';

// A batch's files appear all at once or not at all. Everything is written into a hidden temp folder, every file is
// fsynced, the folder is renamed to its final name (atomic on one file system) and the parent fsynced. A process
// killed before the rename leaves only a hidden temp folder, which the next start removes (sweepOrphans); a folder
// renamed but never recorded is removed by a failed commit, or set aside (exports/.discarded/) after a kill between
// rename and commit. So no partial file is ever visible under its real name, and no batch folder stays without its
// batch record.

export const BATCH_NAME = /^\d{8}T\d{6}Z-(nrs-json|csv)-[0-9a-f]{6}$/;

export interface WrittenFile { name: string; sha256: string; bytes: number }

function fsyncDir(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/**
 * Makes the small per-invoice files durable. One fsync per file costs a journal commit each (~3 ms: 50,000 files took
 * minutes); on Linux `sync -f` flushes the whole file system in one syncfs(2) call instead. Elsewhere, or if that
 * fails, each file is fsynced.
 */
function flushSmallFiles(dir: string, names: () => Iterable<string>): void {
  if (process.platform === 'linux') {
    try {
      execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 120_000 });
      return;
    } catch {
      // Fall through to per-file fsync (an old coreutils without -f, or no sync binary).
    }
  }
  for (const name of names()) {
    const fd = openSync(join(dir, name), 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  }
}

/** A step's answer from the file writer (main/export/file-writer-thread.ts). */
type Answer = { ok: true; files?: [string, number][]; sha256?: string; bytes?: number } | { ok: false; message: string; code?: string };

/** The file writer's failure as an Error with the file system's code (ENOSPC…), which the export turns into words. */
function failureOf(a: { message: string; code?: string | undefined }): Error {
  return Object.assign(new Error(a.message), a.code ? { code: a.code } : {});
}

/**
 * The file writer thread for one batch: steps are answered in order, so each call's promise waits for its own answer.
 * The thread never outlives the batch (stop() after finish or abort).
 */
class FileWriter {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (a: Answer) => void }[] = [];
  private dead: Answer | null = null;

  constructor() {
    // A small young generation: the thread holds one page's texts at a time (see the bench's peak RSS). No cap on the old
    // generation: a page of very large orders must not run the thread out of memory.
    this.worker = new Worker(FILE_WRITER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', (a: Answer) => this.waiting.shift()?.resolve(a));
    const die = (message: string) => {
      this.dead ??= { ok: false, message };
      for (const w of this.waiting.splice(0)) w.resolve(this.dead);
    };
    this.worker.on('error', (e) => die(`the file writer failed: ${e.message}`));
    this.worker.on('exit', () => die('the file writer stopped'));
  }

  /** Sends one step; resolves with its answer (never rejects: a failure is an answer). */
  send(step: object): Promise<Answer> {
    if (this.dead) return Promise.resolve(this.dead);
    return new Promise((resolve) => {
      this.waiting.push({ resolve });
      this.worker.postMessage(step);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export class BatchFiles {
  readonly tmpDir: string;
  readonly finalDir: string;
  private readonly writer = new FileWriter();
  private readonly opened: Promise<Answer>;
  /** The page being built: the main file's pieces (text, or the index of a document), the documents and their names. */
  private main: (string | number)[] = [];
  private texts: string[] = [];
  private names: string[] = [];
  /** The page handed to the writer and not yet answered, with its files' names. */
  private inFlight: { answer: Promise<Answer>; names: string[] } | null = null;
  private smallFiles = 0;
  private failure: Error | null = null;

  /** `fileEnding` follows each document in its own file (addDocument). */
  constructor(root: string, readonly name: string, private readonly mainFile: string, fileEnding = '') {
    mkdirSync(root, { recursive: true });
    this.tmpDir = join(root, `.tmp-${name}`);
    this.finalDir = join(root, name);
    if (existsSync(this.finalDir)) throw new Error(`The export folder ${this.finalDir} exists already.`);
    mkdirSync(this.tmpDir);
    this.opened = this.writer.send({ op: 'open', dir: this.tmpDir, mainFile, fileEnding });
  }

  /** Appends to the main file (the JSON array's punctuation, the CSV). */
  append(text: string): void {
    if (text) this.main.push(text);
  }

  /** One document (an NRS invoice): appended to the main file and also written to its own file, `fileName`. */
  addDocument(fileName: string, text: string): void {
    this.main.push(this.texts.length);
    this.texts.push(text);
    this.names.push(fileName);
    this.smallFiles++;
  }

  /**
   * Hands the page built so far to the writer thread and waits for the page before it (so at most one page is
   * written while the next is built); returns that earlier page's small files, in order. Throws the first failure.
   */
  async endPage(): Promise<WrittenFile[]> {
    const previous = this.inFlight;
    this.inFlight = {
      answer: this.writer.send({ op: 'page', main: this.main, texts: this.texts, names: this.names.join('\n') }),
      names: this.names,
    };
    this.main = [];
    this.texts = [];
    this.names = [];
    return previous ? this.filesOf(previous) : [];
  }

  private async filesOf(page: { answer: Promise<Answer>; names: string[] }): Promise<WrittenFile[]> {
    const a = await page.answer;
    if (!a.ok) throw (this.failure ??= failureOf(a));
    return (a.files ?? []).map(([sha256, bytes], i) => ({ name: page.names[i]!, sha256, bytes }));
  }

  /**
   * Writes what is left, fsyncs, renames the folder into place, fsyncs the parent. Returns the main file and the small
   * files of the last pages (those endPage() has not returned yet), in order.
   */
  async finish(): Promise<{ main: WrittenFile; rest: WrittenFile[] }> {
    const rest = [...await this.endPage()];
    const last = this.inFlight!;
    this.inFlight = null;
    rest.push(...await this.filesOf(last));
    const opened = await this.opened;
    if (!opened.ok) throw (this.failure ??= failureOf(opened));
    const closed = await this.writer.send({ op: 'finish' });
    if (!closed.ok) throw (this.failure ??= failureOf(closed));
    await this.writer.stop();
    const main = { name: this.mainFile, sha256: closed.sha256!, bytes: closed.bytes! };
    // The fallback's names come from the folder itself (only our files are in it): the list is not kept in memory.
    if (this.smallFiles) flushSmallFiles(this.tmpDir, () => readdirSync(this.tmpDir).filter((n) => n !== this.mainFile));
    fsyncDir(this.tmpDir);
    renameSync(this.tmpDir, this.finalDir);
    fsyncDir(join(this.finalDir, '..'));
    return { main, rest };
  }

  get mainPath(): string {
    return join(this.finalDir, this.mainFile);
  }

  /**
   * Removes whatever was written (temp or final folder), once the writer has stopped (a file landing after the
   * removal would leave a folder behind). Safe to call twice.
   */
  async abort(): Promise<void> {
    await this.writer.stop();
    rmSync(this.tmpDir, { recursive: true, force: true });
    rmSync(this.finalDir, { recursive: true, force: true });
  }
}

/**
 * Cleans up after a killed export: hidden temp folders (never complete) are deleted; a batch folder with no batch
 * record (killed between the rename and the commit) is complete but must not look like an export, since its invoices
 * are not marked exported and will be exported again: it is moved to exports/.discarded/ rather than deleted, in case
 * the database was restored from an older copy and the folder is in fact a batch that was sent.
 */
export function sweepOrphans(root: string, recorded: Set<string>): string[] {
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    if (e.name.startsWith('.tmp-')) {
      rmSync(join(root, e.name), { recursive: true, force: true });
      removed.push(e.name);
    } else if (BATCH_NAME.test(e.name) && !recorded.has(e.name)) {
      mkdirSync(join(root, '.discarded'), { recursive: true });
      renameSync(join(root, e.name), join(root, '.discarded', e.name));
      removed.push(e.name);
    }
  }
  return removed;
}
