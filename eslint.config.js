// ESLint flat config. Style rules that a tool can check live here, not in prose.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Only these may touch Node: the model, the runner and the shell must run in a browser.
// apps/docs/.vitepress/*.ts (not theme/): the site's build-time side (VitePress's config and its Markdown plugins).
const nodeAllowed = ['packages/linux/**', 'packages/bench/**', 'apps/cli/**', 'apps/docs/test/**', 'apps/docs/.vitepress/*.ts'];
const browserOnly = 'This package must run in a browser: only packages/linux, packages/bench, apps/cli, the docs site\'s build-time config and its browser test may import Node built-ins.';
// Node's built-ins by bare name ('fs', 'fs/promises', ...); node:-only ones such as node:test fall under 'node:*'.
const bareBuiltins = builtinModules;
// The same names, for import() calls, which no-restricted-imports does not see.
const builtinSpecifier = `/^(node:|(${bareBuiltins.filter((name) => !name.includes('/')).join('|')})($|\\u002F))/`;

export default defineConfig(
  globalIgnores(['**/dist/**', '**/.turbo/**', '**/node_modules/**', '**/.tsbuild/**', 'packages/linux/agent/bin/**', 'packages/bench/bin/**', 'apps/docs/.vitepress/cache/**', 'apps/docs/artifacts/**']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Walking a namespace tree upward starts from `this`: `let ns = this; while (ns) ns = ns.parent`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['ns'] }],
    },
  },
  {
    // The browser-safe packages (and the example namespace type): no Node built-ins, no Node globals.
    files: ['packages/**/*.ts', 'apps/**/*.ts', 'examples/**/*.ts'],
    ignores: nodeAllowed,
    rules: {
      'no-restricted-imports': ['error', {
        paths: bareBuiltins.map((name) => ({ name, message: browserOnly })),
        patterns: [{ group: ['node:*'], message: browserOnly }],
      }],
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=${builtinSpecifier}]`, message: browserOnly }],
    },
  },
  { files: nodeAllowed, languageOptions: { globals: globals.node } },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked], languageOptions: { globals: globals.node } },
);
