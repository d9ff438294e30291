// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * Process boundaries as lint rules (docs/architecture.md): each folder imports only what sits below
 * it in the layering shared ← dns ← sqlite ← sandbox ← main, and the renderer, shared code and the
 * preload never reach Node, native modules or main-process code.
 * @param {{ node?: boolean, electron?: boolean, layers: string[] }} forbid
 */
function boundary(forbid) {
  const paths = [];
  if (forbid.node) {
    paths.push(
      ...nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available here.' })),
      { name: 'better-sqlite3', message: 'Database access belongs to src/main or src/sandbox.' },
      { name: 'dns-packet', message: 'DNS belongs to src/dns.' },
      { name: 'fastify', message: 'HTTP servers belong to src/main/web or src/sandbox.' },
    );
  }
  if (forbid.electron) {
    paths.push({
      name: 'electron',
      message: 'Only src/main/electron and src/preload import electron.',
    });
  }
  return {
    'no-restricted-imports': [
      'error',
      {
        paths,
        patterns: forbid.layers.map((layer) => ({
          group: [`**/${layer}/**`, `**/${layer}`],
          message: `This layer must not import from src/${layer} (see docs/architecture.md).`,
        })),
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          // A test that runs only sometimes proves nothing the other times: none is focused,
          // skipped, or skipped or run on a condition (also when the method is taken apart).
          selector:
            'MemberExpression[object.name=/^(it|test|describe|suite)$/][property.name=/^(only|skip|todo|runIf|skipIf)$/]',
          message: 'No focused, skipped or conditional tests (only, skip, todo, runIf, skipIf).',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Config files are the one place a default export is the tool's contract.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...boundary({
        node: true,
        electron: true,
        layers: ['main', 'sandbox', 'dns', 'sqlite', 'preload'],
      }),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: boundary({
      node: true,
      electron: true,
      layers: ['main', 'sandbox', 'dns', 'sqlite', 'preload', 'renderer'],
    }),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: boundary({ node: true, layers: ['main', 'sandbox', 'dns', 'sqlite', 'renderer'] }),
  },
  {
    files: ['src/dns/**/*.ts'],
    rules: boundary({
      electron: true,
      layers: ['main', 'sandbox', 'sqlite', 'preload', 'renderer'],
    }),
  },
  {
    files: ['src/sqlite/**/*.ts'],
    rules: boundary({ electron: true, layers: ['main', 'sandbox', 'dns', 'preload', 'renderer'] }),
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: boundary({ electron: true, layers: ['main', 'preload', 'renderer'] }),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: boundary({ electron: true, layers: ['preload', 'renderer'] }),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: boundary({ layers: ['preload', 'renderer'] }),
  },
);
