import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkImport, findLayerViolations, importsOf } from '../support/layer-rules';

const ROOT = process.cwd();

describe('layer rule (DESIGN.md)', () => {
  it('holds for the whole tree', () => {
    expect(findLayerViolations(ROOT)).toEqual([]);
  });

  it('flags each kind of forbidden import', () => {
    expect(checkImport(ROOT, 'shared/x.ts', 'node:fs')).toMatch(/pure/);
    expect(checkImport(ROOT, 'shared/x.ts', 'fs')).toMatch(/pure/);
    expect(checkImport(ROOT, 'shared/x.ts', 'electron')).toMatch(/electron/);
    expect(checkImport(ROOT, 'shared/x.ts', 'react')).toMatch(/only zod/);
    expect(checkImport(ROOT, 'shared/x.ts', '../main/app')).toMatch(/only shared/);
    expect(checkImport(ROOT, 'main/app.ts', 'electron')).toMatch(/only main\/electron and preload/);
    expect(checkImport(ROOT, 'main/api/x.ts', '../electron/window')).toMatch(/main\/ may not import/);
    expect(checkImport(ROOT, 'renderer/src/App.tsx', 'electron')).toMatch(/electron/);
    expect(checkImport(ROOT, 'renderer/src/App.tsx', '../../main/app')).toMatch(/contract/);
    expect(checkImport(ROOT, 'renderer/src/App.tsx', 'node:path')).toMatch(/node:/);
    expect(checkImport(ROOT, 'preload/index.ts', '../main/app')).toMatch(/preload may import only/);
  });

  it('allows the imports each layer is meant to have', () => {
    expect(checkImport(ROOT, 'main/electron/index.ts', 'electron')).toBeNull();
    expect(checkImport(ROOT, 'preload/index.ts', 'electron')).toBeNull();
    expect(checkImport(ROOT, 'preload/index.ts', '../shared/contract')).toBeNull();
    expect(checkImport(ROOT, 'renderer/src/api.ts', '../../shared/contract')).toBeNull();
    expect(checkImport(ROOT, 'shared/contract.ts', 'zod')).toBeNull();
    expect(checkImport(ROOT, 'main/electron/index.ts', '../app')).toBeNull();
  });

  it('finds static, dynamic, side-effect and require imports but not commented ones', () => {
    const src = `import a from 'a';\nimport { b } from "b";\nexport * from './c';\nimport 'd';\nconst e = await import('e');\nconst f = require('f');\n// import g from 'g';\n/* import h from 'h'; */`;
    expect(importsOf(src)).toEqual(['a', 'b', './c', 'd', 'e', 'f']);
  });

  it('shared/ compiles without DOM or Node types', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.shared.json', '--noEmit'], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
