import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';

// One config, three builds selected by --mode:
//   renderer (default) → dist/renderer   React app, relative asset URLs so it loads from file/custom protocol too
//   main               → dist/main       Electron main process (ESM), dependencies stay external (node_modules)
//   preload            → dist/preload    sandboxed preload: a single CommonJS file that only requires 'electron'
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};
const nodeExternals = [
  'electron',
  ...Object.keys(pkg.dependencies),
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];
const isExternal = (id: string) => nodeExternals.some((ext) => id === ext || id.startsWith(`${ext}/`));

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'main') {
    return {
      build: {
        outDir: 'dist/main',
        emptyOutDir: true,
        target: 'node22',
        minify: false,
        sourcemap: true,
        ssr: true,
        // The pipeline's writer thread is its own entry, next to index.js (main/pipeline/writer-thread.ts loads it).
        rollupOptions: {
          input: { index: 'main/electron/index.ts', 'writer-thread-main': 'main/pipeline/writer-thread-main.ts' },
          external: isExternal,
          output: { format: 'es', entryFileNames: '[name].js' },
        },
      },
    };
  }
  if (mode === 'preload') {
    return {
      build: {
        outDir: 'dist/preload',
        emptyOutDir: true,
        target: 'node22',
        minify: false,
        sourcemap: false,
        lib: { entry: 'preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
        rollupOptions: { external: ['electron'] },
      },
    };
  }
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'es2022' },
  };
});
