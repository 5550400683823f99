import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layer rule (DESIGN.md) for editors; test/unit/layers.test.ts enforces the same in `npm test`.
const noElectron = { name: 'electron', message: 'Only main/electron and preload may import electron.' };
const nodePatterns = { group: ['node:*'], message: 'This layer may not use Node modules.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', '.native/**', 'coverage/**'] },
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
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['**/renderer/**', '**/preload/**', '**/electron/*'], message: 'main/ may not import renderer, preload or main/electron.' }] },
      ],
    },
  },
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
