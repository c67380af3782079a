// Test runner configuration: node environment (axios's http adapter, which nock patches), offline.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-build.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
