import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/platform/log';

// Logs leave the machine in support requests: no token, key or signature may appear in one, however deep.

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return { log: createLogger('info', stream), text: () => lines.join('') };
}

const SECRETS = ['EAAAl-access-token-1', 'EQAAl-refresh-2', 'sig-key-3', 'bearer-4', 'pat-5', 'nrs-6'];

describe('log redaction', () => {
  it('censors secrets at any depth, in arrays, in child bindings and in errors, keeping the rest', () => {
    const { log, text } = capture();
    const child = log.child({ connection: { oauth: { tokens: { accessToken: SECRETS[0] } } } });
    child.info({ a: { b: { c: { d: { refresh_token: SECRETS[1], merchantId: 'MERCHANT_1' } } } }, list: [{ signatureKey: SECRETS[2] }] }, 'deep');
    const err = Object.assign(new Error('Square said no'), {
      statusCode: 401,
      request: { headers: { Authorization: `Bearer ${SECRETS[3]}` } },
      rawResponse: { headers: { 'set-cookie': 'x' } },
      body: { errors: [{ code: 'UNAUTHORIZED' }] },
      personalAccessToken: SECRETS[4],
      cause: Object.assign(new Error('inner'), { apiKey: SECRETS[5] }),
    });
    child.error({ err }, 'failed');
    // A grandchild keeps its parent's (censored) bindings and adds its own.
    child.child({ step: 'refresh', nrsKeys: 'x', key: SECRETS[2] }).warn('grandchild');
    const out = text();
    for (const s of SECRETS) expect(out, s).not.toContain(s);
    expect(out).toContain('[redacted]');
    expect(out).toContain('MERCHANT_1');
    expect(out).toContain('Square said no');
    expect(out).toContain('"statusCode":401');
    expect(out).toContain('inner');
    const grand = out.split('\n').find((l) => l.includes('grandchild'))!;
    expect(grand).toContain('"step":"refresh"');
    expect(grand).toContain('"connection":{"oauth":{"tokens":"[redacted]"}}');
    expect(grand).toContain('"nrsKeys":"[redacted]"');
  });

  it('survives circular objects', () => {
    const { log, text } = capture();
    const a: Record<string, unknown> = { name: 'loop' };
    a.self = a;
    log.info({ a }, 'circular');
    expect(text()).toContain('[circular]');
  });
});
