import { describe, expect, it } from 'vitest';
import { createSavePdf, isPrintViewOf, type PdfSource } from '../../main/electron/save-pdf';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46]);

function fakes(url: string, chosen: string | null, failWrite = false) {
  const printed: unknown[] = [];
  const written: [string, Uint8Array][] = [];
  const source: PdfSource = {
    getURL: () => url,
    printToPDF: (options) => {
      printed.push(options);
      return Promise.resolve(PDF);
    },
  };
  const savePdf = createSavePdf({
    source: () => source,
    chooseFile: () => Promise.resolve(chosen),
    writeFile: (path, data) => (failWrite ? Promise.reject(new Error('EACCES')) : (written.push([path, data]), Promise.resolve())),
  });
  return { savePdf, printed, written };
}

describe('Save as PDF in the desktop shell', () => {
  it('knows the print view of one invoice from any other page', () => {
    expect(isPrintViewOf('app://taxpoynt/index.html#/invoices/7/print', 7)).toBe(true);
    expect(isPrintViewOf('app://taxpoynt/index.html#/invoices/7', 7)).toBe(false);
    expect(isPrintViewOf('app://taxpoynt/index.html#/invoices/17/print', 7)).toBe(false);
    expect(isPrintViewOf('https://evil.example/#/invoices/7/print', 7)).toBe(false);
  });

  it('prints the window to an A4 PDF and writes it where the owner chose', async () => {
    const { savePdf, printed, written } = fakes('app://taxpoynt/index.html#/invoices/7/print', '/home/ada/INV000042.pdf');
    expect(await savePdf({ id: 7, suggestedName: 'INV000042.pdf' })).toEqual({ saved: true, fileName: 'INV000042.pdf' });
    expect(printed).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }]);
    expect(written).toEqual([['/home/ada/INV000042.pdf', PDF]]);
  });

  it('writes nothing when the owner cancels the dialog', async () => {
    const { savePdf, written } = fakes('app://taxpoynt/index.html#/invoices/7/print', null);
    expect(await savePdf({ id: 7, suggestedName: 'x.pdf' })).toEqual({ saved: false, fileName: null });
    expect(written).toEqual([]);
  });

  it('refuses when the window shows something else, and says so when the file cannot be written', async () => {
    const elsewhere = fakes('app://taxpoynt/index.html#/invoices/8/print', '/tmp/a.pdf');
    await expect(elsewhere.savePdf({ id: 7, suggestedName: 'a.pdf' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/print view first/) as unknown });
    expect(elsewhere.printed).toEqual([]);
    const readOnly = fakes('app://taxpoynt/index.html#/invoices/7/print', '/ro/a.pdf', true);
    await expect(readOnly.savePdf({ id: 7, suggestedName: 'a.pdf' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/could not be saved as a\.pdf/) as unknown });
  });
});
