import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// The layer rules (docs/architecture.md) for editors; test/unit/layers.test.ts enforces the same in `npm test`.
const noElectron = { name: 'electron', message: 'Only main/electron and preload may import electron.' };
const nodePatterns = { group: ['node:*'], message: 'This layer may not use Node modules.' };
const notFromMain = { group: ['**/renderer/**', '**/preload/**', '**/electron/*'], message: 'main/ may not import renderer, preload or main/electron.' };

// Floors inside main/ (main/floors.json): a folder imports only from its own folder and from lower floors. One config
// per folder, forbidding every folder above it and beside it on its floor. (A later config replaces the rule's
// options for the files it matches, so each one restates the runtime restrictions.)
const FLOORS = JSON.parse(readFileSync(new URL('./main/floors.json', import.meta.url), 'utf8')).floors;
const importPatternsOf = (entry) =>
  entry.split('+').map((name) => (name.endsWith('.ts') ? `**/${name.slice(0, -3)}` : `**/${name}/**`));
const floorConfigs = FLOORS.flatMap((entries, floor) =>
  entries.map((entry) => {
    const above = FLOORS.slice(floor + 1).flat();
    const beside = entries.filter((other) => other !== entry);
    const files = entry.split('+').map((name) => (name.endsWith('.ts') ? `main/${name}` : `main/${name}/**`));
    const forbidden = [...above, ...beside].flatMap(importPatternsOf);
    const floorRule = forbidden.length
      ? [{ group: forbidden, message: `main/${entry} is on floor ${floor}: it may import only lower floors (main/floors.json).` }]
      : [];
    const runtime = entry === 'electron' ? [] : [notFromMain];
    return {
      files,
      rules: { 'no-restricted-imports': ['error', { paths: entry === 'electron' ? [] : [noElectron], patterns: [...runtime, ...floorRule] }] },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', '.native/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, 'fs', 'path', 'os', 'crypto', 'react'],
          patterns: [nodePatterns, { group: ['../main/*', '../renderer/*', '../preload/*'], message: 'shared/ may import only shared/ and zod.' }],
        },
      ],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [notFromMain] }] },
  },
  ...floorConfigs,
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [nodePatterns, { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to main only through the contract.' }] },
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'preload may import only electron and shared/.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.*'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
