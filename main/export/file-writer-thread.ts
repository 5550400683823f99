// The export's file writer: a worker thread that creates a batch's files while the main thread builds the next page
// of documents. Creating 50,000 small files is kernel work (open, write, close: 40–180 µs each on our test VM); through
// fs.writeFile each file took three thread-pool round trips and three callbacks on the main thread (150,000 callbacks
// and ~400,000 context switches for a 50,000-invoice batch). Here a page of files is one message each way, and the
// UTF-8 encoding and SHA-256 of every file run on this thread too, so the main thread only builds text.
//
// The source is plain JavaScript using only Node's built-ins, run with `eval`: it starts in milliseconds wherever the
// app runs (tsx, vitest, the bundled Electron main, the bench's bundle), with no loader and no extra build entry.
//
// Protocol (one message per step, answered in order):
//   { op: 'open', dir, mainFile, fileEnding }        → { ok: true }
//   { op: 'page', main, texts, names }               → { ok: true, files: [[sha256, bytes], …] } (one per text, in order)
//   { op: 'finish' }                                 → { ok: true, sha256, bytes } (main file fsynced and closed)
//   any failure                                      → { ok: false, message, code }; later steps answer the same
// `texts` are the page's documents, each written to its own file (names[i], joined by "\n": names never contain one)
// followed by `fileEnding`; `main` is what the page adds to the main file, in order: a string is written as it is, a
// number n stands for texts[n] (so a document's text crosses to this thread once, for both files).

export const FILE_WRITER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const { openSync, writeSync, closeSync, fsyncSync } = require('node:fs');
const { createHash, hash } = require('node:crypto');
const { join } = require('node:path');

let dir = '';
let fileEnding = '';
let mainFd = -1;
let mainHash = null;
let mainBytes = 0;
let failure = null;

// One scratch buffer, reused for every file: a fresh Buffer per file (50,000 of them, outside the JS heap) left the
// process's malloc arenas ~25 MB larger at the end of a batch.
let scratch = Buffer.allocUnsafeSlow(1 << 22);

/** Encodes the texts one after the other into the scratch buffer; returns its used part. */
function encode(texts) {
  let need = 0;
  for (const t of texts) need += t.length * 3;
  if (need > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(need, scratch.length * 2));
  let at = 0;
  for (const t of texts) at += scratch.write(t, at, 'utf8');
  return scratch.subarray(0, at);
}

function writeAll(fd, buf) {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off);
}

function step(m) {
  if (m.op === 'open') {
    dir = m.dir;
    fileEnding = m.fileEnding;
    mainFd = openSync(join(dir, m.mainFile), 'wx');
    mainHash = createHash('sha256');
    return { ok: true };
  }
  if (m.op === 'page') {
    if (m.main.length) {
      const buf = encode(m.main.map((p) => (typeof p === 'number' ? m.texts[p] : p)));
      mainHash.update(buf);
      writeAll(mainFd, buf);
      mainBytes += buf.length;
    }
    const files = [];
    const names = m.texts.length ? m.names.split('\n') : [];
    for (let i = 0; i < m.texts.length; i++) {
      const buf = encode([m.texts[i], fileEnding]);
      const fd = openSync(join(dir, names[i]), 'wx');
      try { writeAll(fd, buf); } finally { closeSync(fd); }
      files.push([hash('sha256', buf, 'hex'), buf.length]);
    }
    return { ok: true, files };
  }
  if (m.op === 'finish') {
    fsyncSync(mainFd);
    closeSync(mainFd);
    mainFd = -1;
    return { ok: true, sha256: mainHash.digest('hex'), bytes: mainBytes };
  }
  throw new Error('unknown step ' + m.op);
}

parentPort.on('message', (m) => {
  if (failure) return parentPort.postMessage(failure);
  try {
    parentPort.postMessage(step(m));
  } catch (err) {
    failure = { ok: false, message: String(err && err.message || err), code: err && err.code };
    if (mainFd >= 0) { try { closeSync(mainFd); } catch {} mainFd = -1; }
    parentPort.postMessage(failure);
  }
});
`;
