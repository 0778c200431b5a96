import { defineConfig } from 'vitest/config';

// Only the screenshot capture (`pnpm screenshots`); kept out of the test projects so that no
// test run rewrites docs/screenshots/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['e2e/src/screenshots.capture.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
