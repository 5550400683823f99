import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImport, findImportCycles, findLayerViolations, floorOf, importsOf } from '../support/layer-rules';
import { tempDir } from '../support/temp-app';

const ROOT = process.cwd();

describe('layer rule (docs/architecture.md)', () => {
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

describe('floors inside main/ (main/floors.json)', () => {
  it('puts every folder of main/ on a floor', () => {
    expect(floorOf('main/platform/db/open.ts')).toEqual({ entry: 'platform', floor: 0 });
    expect(floorOf('main/inbox/inbox-store.ts')).toEqual({ entry: 'inbox', floor: 1 });
    expect(floorOf('main/intake/sync/sync-service.ts')).toEqual({ entry: 'intake', floor: 2 });
    expect(floorOf('main/app.ts')).toEqual({ entry: 'app.ts+config.ts', floor: 4 });
    expect(floorOf('main/electron/index.ts')).toEqual({ entry: 'electron', floor: 5 });
    expect(floorOf('main/somewhere-new/x.ts')?.floor).toBe(-1);
  });

  it('flags an import that runs back up, one that goes sideways, and a folder without a floor', () => {
    expect(checkImport(ROOT, 'main/platform/db/open.ts', '../../square/wire')).toMatch(/floor 0 \(platform\) may not import floor 1 \(square\)/);
    expect(checkImport(ROOT, 'main/inbox/envelope.ts', '../intake/sync/sync-event')).toMatch(/no import runs back up/);
    expect(checkImport(ROOT, 'main/intake/sync/sync-service.ts', '../../api/errors')).toMatch(/may not import floor 3/);
    expect(checkImport(ROOT, 'main/api/dispatch.ts', '../app')).toMatch(/may not import floor 4/);
    expect(checkImport(ROOT, 'main/square/pos-connector.ts', '../inbox/envelope')).toMatch(/share floor 1/);
    expect(checkImport(ROOT, 'main/electron/renderer-files.ts', '../host/server')).toMatch(/share floor 5/);
    expect(checkImport(ROOT, 'main/somewhere-new/x.ts', '../platform/log')).toMatch(/no floor/);
  });

  it('allows imports down the floors and within a folder', () => {
    expect(checkImport(ROOT, 'main/inbox/envelope.ts', '../platform/bigint-json')).toBeNull();
    expect(checkImport(ROOT, 'main/pipeline/worker.ts', '../inbox/inbox-store')).toBeNull();
    expect(checkImport(ROOT, 'main/api/handlers/index.ts', '../../intake/sync/sync-service')).toBeNull();
    expect(checkImport(ROOT, 'main/host/serve.ts', '../app')).toBeNull();
    expect(checkImport(ROOT, 'main/app.ts', './config')).toBeNull();
    expect(checkImport(ROOT, 'main/intake/webhooks/webhook-service.ts', '../tunnel/supervisor')).toBeNull();
  });

  it('finds no import cycle in main/', () => {
    expect(findImportCycles(ROOT, 'main')).toEqual([]);
  });

  it('finds an import cycle when there is one', () => {
    const root = tempDir();
    try {
      mkdirSync(join(root, 'main', 'api'), { recursive: true });
      writeFileSync(join(root, 'main', 'api', 'handlers.ts'), "import { a } from './area';\nexport const h = a;\n");
      writeFileSync(join(root, 'main', 'api', 'area.ts'), "import type { h } from './handlers';\nexport const a = 1;\n");
      writeFileSync(join(root, 'main', 'api', 'leaf.ts'), "import { a } from './area';\nexport const l = a;\n");
      expect(findImportCycles(root, 'main')).toEqual([['main/api/area.ts', 'main/api/handlers.ts', 'main/api/area.ts']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
