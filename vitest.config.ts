import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript sources through the
// private `@nsproxy/source` export condition, so no build is needed to test.
const conditions = ['@nsproxy/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['examples/*/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
