import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempApp } from '../support/temp-app';
import { expectIntact, prng } from '../support/faults';
import { signSquare, squareEvent } from '../support/webhook-client';

// Fault suite: fuzzed webhook requests against the real receiver over raw TCP (so lengths, duplicate headers and
// invalid bytes reach it exactly as sent). Seeded, so a failure names a case that replays the same on any machine.
// The receiver must never crash or answer 5xx to garbage, must store nothing it cannot verify, and must keep storing
// the good, signed events sent in between — each byte for byte.

const URL_ = 'https://fuzz.example.com/webhooks/square';
const KEY = 'fuzz-signature-key-0123456789abcdef';
const SEED = 0x5eed_17;
const CASES = 400;

interface Answer { status: number | null; body: string }

/** One HTTP/1.1 request written by hand; resolves with the status line's code (null when the server just hung up). */
function rawRequest(port: number, head: string[], body: Buffer, opts: { cut?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer is the server closing a bad request: fine
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    socket.write(body);
    // A cut request: the client goes away before sending what it declared (the server must just drop it). Otherwise
    // the server closes after its answer (Connection: close).
    if (opts.cut) socket.end();
  });
}

interface Case {
  name: string;
  head: string[];
  body: Buffer;
  /** Acceptable answers; null = the server may hang up without one. */
  expect: (number | null)[];
  /** The event id this case must store (a good, signed event), if any. */
  stores?: { eventId: string; body: Buffer };
  cut?: boolean;
}

function requestHead(o: { method?: string; path?: string; headers: [string, string][] }): string[] {
  return [`${o.method ?? 'POST'} ${o.path ?? '/webhooks/square'} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...o.headers.map(([k, v]) => `${k}: ${v}`)];
}

/** The generator: every case kind is drawn from the seeded PRNG; good events are interleaved throughout. */
function makeCases(seed: number): Case[] {
  const r = prng(seed);
  const out: Case[] = [];
  const signed = (body: Buffer) => signSquare(URL_, body, KEY);
  const std = (body: Buffer, extra: [string, string][] = []): [string, string][] => [
    ['Content-Type', 'application/json'], ['Content-Length', String(body.length)], ['X-Square-HmacSha256-Signature', signed(body)], ...extra,
  ];
  const goodEvent = () => {
    const e = squareEvent({ event_id: randomUUID(), merchant_id: `M${r.int(1000)}` });
    // Square's own bytes in varied formatting (the signature covers exactly these), sometimes with non-ASCII text.
    if (r.next() < 0.3) (e.data as Record<string, unknown>).note = 'Ọjà ₦ — “façade”';
    const text = r.next() < 0.5 ? JSON.stringify(e) : `${JSON.stringify(e, null, r.int(4) + 1)}\n`;
    return { id: e.event_id as string, body: Buffer.from(text, 'utf8') };
  };
  const kinds: (() => Case)[] = [
    () => { // good, signed: stored
      const g = goodEvent();
      return { name: 'good', head: requestHead({ headers: std(g.body) }), body: g.body, expect: [200], stores: { eventId: g.id, body: g.body } };
    },
    () => { // truncated JSON, validly signed
      const g = goodEvent();
      const body = g.body.subarray(0, 1 + r.int(g.body.length - 2));
      return { name: 'truncated json', head: requestHead({ headers: std(body) }), body, expect: [400] };
    },
    () => { // wrong types in the envelope, validly signed
      const e = squareEvent() as Record<string, unknown>;
      const field = r.pick(['event_id', 'merchant_id', 'type', 'data']);
      e[field] = r.pick([42, null, [], { nested: true }, true, '', 'x'.repeat(300)]);
      if (field === 'data' && typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)) e.data = 'not an object';
      const body = Buffer.from(JSON.stringify(e));
      return { name: `wrong type ${field}`, head: requestHead({ headers: std(body) }), body, expect: [400] };
    },
    () => { // valid JSON that is not an object at all, validly signed
      const body = Buffer.from(r.pick(['[]', '"text"', '12', 'null', 'true', '[{"event_id":"x"}]', '{}']));
      return { name: 'not an envelope', head: requestHead({ headers: std(body) }), body, expect: [400] };
    },
    () => { // invalid UTF-8 inside a signed body (a byte that never occurs in UTF-8 first, so it cannot be valid by chance)
      const g = goodEvent();
      const at = g.body.indexOf('"type"');
      const body = Buffer.concat([g.body.subarray(0, at + 8), Buffer.from([r.pick([0xc0, 0xc1, 0xf5, 0xfe, 0xff])]), r.bytes(r.int(6)).map((b) => b | 0x80), g.body.subarray(at + 8)]);
      return { name: 'invalid utf-8', head: requestHead({ headers: std(body) }), body, expect: [400] };
    },
    () => { // random bytes, validly signed
      const body = r.bytes(1 + r.int(2000));
      return { name: 'random bytes', head: requestHead({ headers: std(body) }), body, expect: [400] };
    },
    () => { // no signature
      const g = goodEvent();
      return { name: 'unsigned', head: requestHead({ headers: [['Content-Type', 'application/json'], ['Content-Length', String(g.body.length)]] }), body: g.body, expect: [401] };
    },
    () => { // garbage signature
      const g = goodEvent();
      const sig = r.pick(['', ' ', '=', 'AAAA', r.bytes(32).toString('base64'), r.bytes(40).toString('hex'), `${signed(g.body)}x`, signed(g.body).toLowerCase()]);
      return { name: 'garbage signature', head: requestHead({ headers: [['Content-Type', 'application/json'], ['Content-Length', String(g.body.length)], ['X-Square-HmacSha256-Signature', sig]] }), body: g.body, expect: [401] };
    },
    () => { // the right signature twice (a proxy duplicating the header): Node joins them, which never verifies
      const g = goodEvent();
      return { name: 'duplicate signature', head: requestHead({ headers: std(g.body, [['X-Square-HmacSha256-Signature', signed(g.body)]]) }), body: g.body, expect: [401] };
    },
    () => { // signed for another URL or key
      const g = goodEvent();
      const sig = r.next() < 0.5 ? signSquare(`${URL_}/`, g.body, KEY) : signSquare(URL_, g.body, `${KEY}x`);
      return { name: 'foreign signature', head: requestHead({ headers: [['Content-Type', 'application/json'], ['Content-Length', String(g.body.length)], ['X-Square-HmacSha256-Signature', sig]] }), body: g.body, expect: [401] };
    },
    () => { // wrong content type
      const g = goodEvent();
      const ct = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']);
      const headers = std(g.body).filter(([k]) => k !== 'Content-Type');
      if (ct) headers.push(['Content-Type', ct]);
      return { name: `content type "${ct}"`, head: requestHead({ headers }), body: g.body, expect: [415] };
    },
    () => { // huge: over the 1 MiB limit, declared or streamed
      const body = Buffer.alloc(1024 * 1024 + 1 + r.int(4096), 0x20);
      const declared = r.next() < 0.5;
      const headers: [string, string][] = [['Content-Type', 'application/json'], ['X-Square-HmacSha256-Signature', signed(body)]];
      headers.push(declared ? ['Content-Length', String(body.length)] : ['Transfer-Encoding', 'chunked']);
      const sent = declared ? body : Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      return { name: `huge ${declared ? 'declared' : 'chunked'}`, head: requestHead({ headers }), body: sent, expect: [413, null] };
    },
    () => { // declared length shorter than the body: the signature covers bytes the server never reads as this body
      const g = goodEvent();
      const headers = std(g.body).map(([k, v]): [string, string] => (k === 'Content-Length' ? [k, String(g.body.length - 1 - r.int(10))] : [k, v]));
      return { name: 'short length', head: requestHead({ headers }), body: g.body, expect: [401, 400] };
    },
    () => { // declared length longer than what is sent, then the client hangs up
      const g = goodEvent();
      const headers = std(g.body).map(([k, v]): [string, string] => (k === 'Content-Length' ? [k, String(g.body.length + 1 + r.int(100))] : [k, v]));
      return { name: 'long length, cut', head: requestHead({ headers }), body: g.body, expect: [null, 400], cut: true };
    },
    () => { // a bad length header
      const g = goodEvent();
      const headers = std(g.body).map(([k, v]): [string, string] => (k === 'Content-Length' ? [k, r.pick(['-1', 'abc', '1e3', '99999999999999999999'])] : [k, v]));
      return { name: 'bad length header', head: requestHead({ headers }), body: g.body, expect: [400, 413, null] };
    },
    () => { // another method or path
      const g = goodEvent();
      const [method, path, status] = r.pick([['GET', '/webhooks/square', 405], ['PUT', '/webhooks/square', 405], ['POST', '/webhooks/squarex', 404], ['POST', '/', 404], ['DELETE', '/webhooks/square', 405]] as const);
      return { name: `${method} ${path}`, head: requestHead({ method, path, headers: std(g.body) }), body: g.body, expect: [status] };
    },
  ];
  for (let i = 0; i < CASES; i++) {
    // About one in four is a good event, so storing keeps being checked between the bad ones.
    const c = (r.next() < 0.25 ? kinds[0]! : r.pick(kinds.slice(1)))();
    out.push({ ...c, name: `#${i} ${c.name}` });
  }
  return out;
}

describe('fault: fuzzed webhook requests', () => {
  let app: ReturnType<typeof createTempApp>;
  let port: number;

  beforeAll(async () => {
    app = createTempApp('headless', { webhooks: { publicUrl: URL_ }, sync: { enabled: false } });
    await app.start();
    expect((await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY })).ok).toBe(true);
    port = app.webhooks.receiverPort!;
  });
  afterAll(() => app.dispose());

  it(`answers ${CASES} seeded cases sensibly, never 5xx, stores exactly the good signed events byte for byte`, async () => {
    const cases = makeCases(SEED);
    const kinds = new Set(cases.map((c) => c.name.replace(/^#\d+ /, '')));
    expect(kinds.size, 'the generator covers its kinds').toBeGreaterThan(15);
    const wrong: string[] = [];
    // A few at a time, as Square's retries and a scanner might overlap.
    for (let i = 0; i < cases.length; i += 8) {
      const group = cases.slice(i, i + 8);
      const answers = await Promise.all(group.map((c) => rawRequest(port, c.head, c.body, c.cut ? { cut: true } : {})));
      group.forEach((c, j) => {
        const status = answers[j]!.status;
        if (!c.expect.includes(status)) wrong.push(`${c.name}: expected ${c.expect.join(' or ')}, got ${status} ${answers[j]!.body.slice(0, 120)}`);
      });
      // Still serving between groups.
      expect((await fetch(`http://127.0.0.1:${port}/webhooks/health`)).status).toBe(200);
    }
    expect(wrong).toEqual([]);

    const good = cases.filter((c) => c.stores).map((c) => c.stores!);
    expect(good.length).toBeGreaterThan(50);
    const rows = app.db.prepare('SELECT event_id, raw_body FROM webhook_inbox ORDER BY id').all() as { event_id: string; raw_body: string }[];
    // Nothing unsigned, malformed or cut is stored; every good one is, exactly as signed.
    expect(rows.map((r) => r.event_id).sort()).toEqual(good.map((g) => g.eventId).sort());
    const byId = new Map(rows.map((r) => [r.event_id, r.raw_body]));
    for (const g of good) expect(Buffer.from(byId.get(g.eventId)!, 'utf8').equals(g.body), `${g.eventId} stored byte for byte`).toBe(true);
    expect(app.webhooks.status().counts.accepted).toBe(good.length);
    expectIntact(app.db);
  }, 120_000);
});
