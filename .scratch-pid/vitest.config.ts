import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
const conditions = ['@nsproxy/source', ...defaultServerConditions];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['.scratch-pid/*.test.ts'], testTimeout: 600_000 },
});
