// ESLint flat config. Style rules that a tool can check live here, not in prose.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Only these may touch Node: the model, the runner and the shell must run in a browser.
const nodeAllowed = ['packages/linux/**', 'packages/bench/**', 'apps/cli/**'];

export default defineConfig(
  globalIgnores(['**/dist/**', '**/.turbo/**', '**/node_modules/**', 'apps/docs/.vitepress/{cache,dist}/**', '**/agent/bin/**', '**/bin/**']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', '*/*/eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Walking a namespace tree upward starts from `this`: `let ns = this; while (ns) ns = ns.parent`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['ns'] }],
    },
  },
  {
    // The browser-safe packages: no node: modules, no Node globals.
    files: ['packages/**/*.ts', 'apps/**/*.ts'],
    ignores: nodeAllowed,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'This package must run in a browser: only packages/linux, packages/bench and apps/cli may import node: modules.' }] }],
    },
  },
  { files: nodeAllowed, languageOptions: { globals: globals.node } },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked], languageOptions: { globals: globals.node } },
);
