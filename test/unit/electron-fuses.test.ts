import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packaged binary's fuses (electron-builder.yml → electronFuses). Electron cannot run here, so the checklist is
// read from the configuration that electron-builder applies, and the code is checked for what the fuses would break.

/** The flat `key: value` lines of one top-level YAML block. */
function yamlBlock(text: string, name: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${name}:`);
  expect(start, `${name} is configured`).toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}([A-Za-z]+):\s*(\S+)\s*$/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('Electron fuses', () => {
  const fuses = yamlBlock(readFileSync('electron-builder.yml', 'utf8'), 'electronFuses');

  it('no running the app as Node, no NODE_OPTIONS, no inspector: another program cannot borrow its keychain access', () => {
    expect(fuses).toMatchObject({ runAsNode: 'false', enableNodeOptionsEnvironmentVariable: 'false', enableNodeCliInspectArguments: 'false' });
  });

  it('code only from the integrity-checked app.asar; no extra file:// privileges; cookies encrypted', () => {
    expect(fuses).toMatchObject({
      enableEmbeddedAsarIntegrityValidation: 'true', onlyLoadAppFromAsar: 'true', grantFileProtocolExtraPrivileges: 'false', enableCookieEncryption: 'true',
    });
  });

  it('the app needs none of what the fuses switch off: no Node child process, no file:// pages', () => {
    // Code only: comments may well explain why file:// is not used.
    const strip = (t: string) => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const code = [...sources('main'), ...sources('preload')].map((p) => [p, strip(readFileSync(p, 'utf8'))] as const);
    expect(code.filter(([, t]) => /\bfork\s*\(|ELECTRON_RUN_AS_NODE|utilityProcess/.test(t)).map(([p]) => p)).toEqual([]);
    expect(code.filter(([, t]) => /\bloadFile\s*\(|['"`]file:\/\//.test(t)).map(([p]) => p)).toEqual([]);
  });
});
