import { createHash, hash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFile, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

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

/** One file written in large chunks with its hash computed on the way (no second read). */
class StreamedFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private chunks: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.chunks.length) return;
    const buf = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.pending = 0;
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
  }

  close(): string {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    return this.hash.digest('hex');
  }
}

export class BatchFiles {
  readonly tmpDir: string;
  readonly finalDir: string;
  private main: StreamedFile | null = null;
  /** Small files handed over since the last takeFiles(): the caller keeps the list (BatchRepo.stageFiles), not us. */
  private newFiles: WrittenFile[] = [];
  private smallFiles = 0;
  private readonly outstanding = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(root: string, readonly name: string, private readonly mainFile: string) {
    mkdirSync(root, { recursive: true });
    this.tmpDir = join(root, `.tmp-${name}`);
    this.finalDir = join(root, name);
    if (existsSync(this.finalDir)) throw new Error(`The export folder ${this.finalDir} exists already.`);
    mkdirSync(this.tmpDir);
    this.main = new StreamedFile(join(this.tmpDir, mainFile));
  }

  /** Appends to the main file (the JSON array or the CSV). */
  append(text: string): void {
    this.main!.write(text);
  }

  /**
   * A whole small file beside the main one (one NRS invoice). Creating a file is kernel work (~0.1–0.2 ms each, most of
   * a 50,000-invoice JSON export), so it runs on libuv's thread pool while this thread builds the next documents:
   * the caller awaits settle() once per page, which keeps at most one page of texts in flight.
   */
  addFile(fileName: string, text: string): void {
    const path = join(this.tmpDir, fileName);
    // The text becomes bytes once, for both the hash and the write (each would otherwise convert it again: 50,000
    // short-lived buffers each, outside the JS heap until the collector frees them). A one-shot hash: 50,000 of these
    // must not leave 50,000 hash objects behind.
    const bytes = Buffer.from(text, 'utf8');
    this.newFiles.push({ name: fileName, sha256: hash('sha256', bytes), bytes: bytes.length });
    this.smallFiles++;
    // Never rejects: the first failure is kept and thrown by settle()/throwIfFailed(), so no rejection goes unhandled.
    // fs.writeFile's callback form: the promise API allocates a FileHandle per file, 50,000 of them for the GC.
    const p = new Promise<void>((resolve) => {
      writeFile(path, bytes, { flag: 'wx' }, (err) => {
        if (err) this.failure ??= err;
        this.outstanding.delete(p);
        resolve();
      });
    });
    this.outstanding.add(p);
  }

  /** The small files handed over since the last call, in order (their names, hashes and sizes). */
  takeFiles(): WrittenFile[] {
    const out = this.newFiles;
    this.newFiles = [];
    return out;
  }

  /** Resolves (never rejects) when the small files handed over so far have been written or have failed. */
  written(): Promise<void> {
    return Promise.all([...this.outstanding]).then(() => undefined);
  }

  /** Throws the first failed small-file write (disk full…), if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Waits for every small file handed over; throws the first failure. */
  async settle(): Promise<void> {
    await this.written();
    this.throwIfFailed();
  }

  /** Waits for the small files, fsyncs, renames into place, fsyncs the parent; returns the main file. */
  async finish(): Promise<WrittenFile> {
    await this.settle();
    const sha256 = this.main!.close();
    const main = { name: this.mainFile, sha256, bytes: this.main!.bytes };
    this.main = null;
    // The fallback's names come from the folder itself (only our files are in it): the list is not kept in memory.
    if (this.smallFiles) flushSmallFiles(this.tmpDir, () => readdirSync(this.tmpDir).filter((n) => n !== this.mainFile));
    fsyncDir(this.tmpDir);
    renameSync(this.tmpDir, this.finalDir);
    fsyncDir(join(this.finalDir, '..'));
    return main;
  }

  get mainPath(): string {
    return join(this.finalDir, this.mainFile);
  }

  /**
   * Removes whatever was written (temp or final folder), after the writes still in flight have ended (one landing after
   * the removal would leave a folder behind). Safe to call twice.
   */
  async abort(): Promise<void> {
    await this.written();
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
