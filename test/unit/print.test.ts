import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceDetail } from '../../shared/domain';
import type { InvoicePrintView, NrsKeysStatus } from '../../shared/print';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { signIrn, stampIrn } from '../../main/invoicing/irn-signature';
import { NrsKeysError, parseNrsKeys } from '../../main/invoicing/nrs-keys';
import { buildPrintView, NOT_SIGNED_BAD_KEYS, NOT_SIGNED_NO_KEYS } from '../../main/invoicing/print-view';
import { buyerAddressLines, shopDetails } from '../../main/invoicing/shop-details';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { lookupCode } from '../../main/invoicing/nrs-codes/index';
import { SAVE_PDF_UNAVAILABLE } from '../../main/api/handlers/print';
import { seedDocument } from '../support/seed';
import { createTempApp } from '../support/temp-app';
import { decryptQrPayload, makeTestNrs } from '../support/nrs-test-keys';

const nrs = makeTestNrs();
const IRN = 'INV000042-94ND90NR-20261120';
const AT = new Date('2026-11-20T10:15:30.900Z');
const AT_SECONDS = Math.floor(AT.getTime() / 1000);

const problem = (text: string) => {
  try {
    parseNrsKeys(text);
  } catch (err) {
    expect(err).toBeInstanceOf(NrsKeysError);
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('crypto_keys.txt', () => {
  it('reads the NRS file: the base64 PEM public key and the certificate', () => {
    const keys = parseNrsKeys(nrs.fileText);
    expect(keys.certificate).toBe(nrs.certificate);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('takes a pasted copy with a byte-order mark, spaces around it and a PEM key written out', () => {
    const pem = Buffer.from((JSON.parse(nrs.fileText) as { public_key: string }).public_key, 'base64').toString();
    const keys = parseNrsKeys(`\uFEFF  ${JSON.stringify({ public_key: pem, certificate: nrs.certificate })}\n`);
    expect(keys.certificate).toBe(nrs.certificate);
  });

  it('says in words what is wrong with a bad file, without field names', () => {
    const cases: [string, RegExp][] = [
      ['hello', /not the crypto_keys\.txt file from the NRS/],
      ['[1,2]', /not the crypto_keys\.txt file from the NRS/],
      [JSON.stringify({ certificate: 'abc' }), /has no public key/],
      [JSON.stringify({ public_key: 'abc' }), /certificate is missing/],
      [JSON.stringify({}), /neither the public key nor the certificate/],
      [JSON.stringify({ public_key: 'not base64 !!', certificate: 'abc' }), /not written the way the NRS writes it/],
      [JSON.stringify({ public_key: Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----').toString('base64'), certificate: 'c' }), /cannot be read/],
    ];
    for (const [text, expected] of cases) {
      const message = problem(text);
      expect(message, text).toMatch(expected);
      expect(message).toContain('Download crypto_keys.txt again');
      expect(message).not.toMatch(/public_key|undefined|JSON/);
    }
  });

  it('refuses a key that is not RSA, and a key too small for the longest IRN', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problem(JSON.stringify({ public_key: Buffer.from(ec).toString('base64'), certificate: 'c' }))).toMatch(/not the kind the NRS issues/);
    const small = makeTestNrs('c'.repeat(120), 1024);
    expect(problem(small.fileText)).toMatch(/too long for its public key/);
  });
});

describe('QR payload signed for the NRS', () => {
  it('encrypts {"irn": "<IRN>.<unix seconds>", "certificate"} with the public key; the private key reads it back', () => {
    const keys = parseNrsKeys(nrs.fileText);
    const payload = signIrn(IRN, keys, AT);
    expect(payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(payload, 'base64')).toHaveLength(256); // one 2048-bit RSA block
    const message = decryptQrPayload(payload, nrs.privateKey);
    expect(message).toBe(JSON.stringify({ irn: `${IRN}.${AT_SECONDS}`, certificate: nrs.certificate }));
    expect(stampIrn(IRN, AT)).toBe(`${IRN}.${AT_SECONDS}`);
  });

  it('gives a different code every time (random padding), each reading back to the same IRN', () => {
    const keys = parseNrsKeys(nrs.fileText);
    const a = signIrn(IRN, keys, AT);
    const b = signIrn(IRN, keys, AT);
    expect(a).not.toBe(b);
    expect(decryptQrPayload(a, nrs.privateKey)).toBe(decryptQrPayload(b, nrs.privateKey));
  });
});

function invoice(overrides: Partial<InvoiceDetail> = {}): InvoiceDetail {
  return { id: 1, number: 'INV000042', irn: IRN, buyerAddress: null, ...overrides } as InvoiceDetail;
}

describe('print view', () => {
  const settings: Settings = { ...DEFAULT_SETTINGS, businessName: 'Mama Put Kitchen', businessTin: '12345678-0001' };

  it('has no QR code without an IRN', () => {
    const view = buildPrintView({ invoice: invoice({ irn: null }), settings, keys: null, now: AT });
    expect(view.qr).toBeNull();
    expect(view.unsignedReason).toBeNull();
  });

  it('shows the plain IRN, marked not signed, without keys', () => {
    const view = buildPrintView({ invoice: invoice(), settings, keys: null, now: AT });
    expect(view.qr).toEqual({ payload: IRN, signed: false });
    expect(view.unsignedReason).toBe(NOT_SIGNED_NO_KEYS);
  });

  it('signs the IRN with the keys', () => {
    const view = buildPrintView({ invoice: invoice(), settings, keys: parseNrsKeys(nrs.fileText), now: AT });
    expect(view.qr?.signed).toBe(true);
    expect(view.unsignedReason).toBeNull();
    expect(JSON.parse(decryptQrPayload(view.qr!.payload, nrs.privateKey))).toEqual({ irn: `${IRN}.${AT_SECONDS}`, certificate: nrs.certificate });
  });

  it('falls back to the plain IRN, saying so, when kept keys cannot sign', () => {
    const failures: unknown[] = [];
    const view = buildPrintView({
      invoice: invoice(), settings, keys: { publicKeyPem: 'broken', certificate: 'c' }, now: AT, onSignFailed: (e) => failures.push(e),
    });
    expect(view.qr).toEqual({ payload: IRN, signed: false });
    expect(view.unsignedReason).toBe(NOT_SIGNED_BAD_KEYS);
    expect(failures).toHaveLength(1);
  });

  it('prints the shop and buyer addresses with state, LGA and country by name', () => {
    expect(shopDetails(settings)).toEqual({ name: 'Mama Put Kitchen', tin: '12345678-0001', addressLines: [], email: null, phone: null });
    const profile = {
      ...settings, businessStreet: '12 Allen Avenue', businessCity: 'Ikeja', businessPostalZone: '100271',
      businessState: 'NG-LA', businessLga: 'NG-LA-IKE', businessEmail: 'hello@mamaput.ng', businessPhone: '+2348012345678',
    } as Settings;
    const shop = shopDetails(profile);
    expect(shop.addressLines[0]).toBe('12 Allen Avenue');
    expect(shop.addressLines[1]).toBe('Ikeja 100271');
    expect(shop.addressLines[2]).toMatch(/Ikeja, Lagos/);
    expect(shop.addressLines[3]).toBe('Nigeria');
    expect(shop.email).toBe('hello@mamaput.ng');
    const buyer = buyerAddressLines({ street: '1 High St', city: 'London', postalZone: null, country: 'GB', state: null, lga: null });
    expect(buyer).toEqual(['1 High St', 'London', lookupCode('countries', 'GB')!.name]);
    expect(buyer[2]).not.toBe('GB');
    expect(buyerAddressLines(null)).toEqual([]);
  });
});

describe('print and NRS keys through the contract (real keychain)', () => {
  let app: ReturnType<typeof createTempApp>;
  let withIrn: number;
  let withoutIrn: number;
  const call = async <T>(channel: string, input?: unknown): Promise<T> => {
    const r = await app.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };

  beforeAll(async () => {
    app = createTempApp();
    await call('settings.set', { businessName: 'Mama Put Kitchen', businessTin: '12345678-0001', serviceId: '94ND90NR' });
    const store = new InvoiceStore(app.db);
    const line = { name: 'Jollof rice', quantity: '2', unitPriceMinor: 150_000, grossMinor: 300_000, taxMinor: 22_500, taxPercent: '7.5' };
    const doc = { kind: 'invoice' as const, status: 'approved' as const, currency: 'NGN', issueDate: '2026-11-20', issuedAt: '2026-11-20T12:00:00Z', lines: [line], taxes: [] };
    withIrn = seedDocument(store, { ...doc, sourceKey: 'payment:p1', number: 'INV000042', irn: IRN });
    withoutIrn = seedDocument(store, { ...doc, sourceKey: 'payment:p2', number: 'INV000043' });
  });
  afterAll(() => app.dispose());

  it('prints shop, IRN and a plain, unsigned QR without keys; no QR without an IRN', async () => {
    expect(await call<NrsKeysStatus>('nrsKeys.status')).toEqual({ keysSet: false });
    const view = await call<InvoicePrintView>('invoices.print', { id: withIrn });
    expect(view.shop.name).toBe('Mama Put Kitchen');
    expect(view.shop.tin).toBe('12345678-0001');
    expect(view.invoice.lines[0]!.name).toBe('Jollof rice');
    expect(view.qr).toEqual({ payload: IRN, signed: false });
    const none = await call<InvoicePrintView>('invoices.print', { id: withoutIrn });
    expect(none.qr).toBeNull();
    await expect(call('invoices.print', { id: 9999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a bad file in words, naming the box; keeps good keys in the keychain only; prints signed; clears', async () => {
    await expect(call('nrsKeys.set', { contents: '{"certificate":"abc"}' })).rejects.toMatchObject({
      code: 'invalid_input', field: 'contents', message: expect.stringMatching(/has no public key/) as unknown,
    });
    await expect(call('nrsKeys.set', { contents: '   ' })).rejects.toMatchObject({ code: 'invalid_input', field: 'contents' });
    expect(await call<NrsKeysStatus>('nrsKeys.set', { contents: nrs.fileText })).toEqual({ keysSet: true });
    expect(await call<NrsKeysStatus>('nrsKeys.status')).toEqual({ keysSet: true });
    expect(await app.secrets.accounts()).toContain('nrs:crypto-keys');
    // Never in the database: not in the file, not in the write-ahead log.
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of ['taxpoynt.sqlite', 'taxpoynt.sqlite-wal']) {
      const bytes = (() => { try { return readFileSync(join(app.config.dataDir, file)); } catch { return Buffer.alloc(0); } })();
      expect(bytes.includes(Buffer.from(nrs.certificate))).toBe(false);
    }
    const view = await call<InvoicePrintView>('invoices.print', { id: withIrn });
    expect(view.qr?.signed).toBe(true);
    expect(view.unsignedReason).toBeNull();
    const message = JSON.parse(decryptQrPayload(view.qr!.payload, nrs.privateKey)) as { irn: string; certificate: string };
    expect(message.irn).toMatch(new RegExp(`^${IRN}\\.\\d{10}$`));
    expect(message.certificate).toBe(nrs.certificate);

    expect(await call<NrsKeysStatus>('nrsKeys.clear')).toEqual({ keysSet: false });
    expect((await call<InvoicePrintView>('invoices.print', { id: withIrn })).qr).toEqual({ payload: IRN, signed: false });
  });

  it('answers Save as PDF in the headless host with what to do instead', async () => {
    await expect(call('invoices.savePdf', { id: withIrn })).rejects.toMatchObject({ code: 'unavailable', message: SAVE_PDF_UNAVAILABLE });
  });
});
