import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under the `source` condition, so tests
// run on the source without a build. The file suffix says what a test needs:
// `*.spec.ts` nothing, `*.int.spec.ts` a real service or process, `*.e2e.spec.ts` the whole stack.
const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
};
const everywhere = ['packages/*/src/**', 'apps/*/src/**', 'local/*/src/**', 'e2e/src/**', 'testing/src/**'];
// The local Lambda runtime runs the CDK app's synthesized templates: made (or found unchanged in
// the cache) once per run, before the test files that start it.
const templates = ['./local/stack/src/template/synth-setup.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts', './scripts/benchmark-ratio-reporter.ts'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: everywhere.map((dir) => `${dir}/*.spec.ts`),
          exclude: ['**/*.int.spec.ts', '**/*.e2e.spec.ts', '**/node_modules/**', 'apps/web/src/**'],
          benchmark: {
            include: ['packages/*/bench/**/*.bench.ts'],
          },
        },
      },
      {
        // The browser app's unit and component tests, in a DOM (happy-dom); its browser journeys
        // are `*.e2e.spec.ts` in the e2e project, which drive Chromium from Node.
        ...shared,
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.spec.{ts,tsx}'],
          exclude: ['**/*.int.spec.ts', '**/*.e2e.spec.ts', '**/node_modules/**'],
          environment: 'happy-dom',
          setupFiles: ['apps/web/src/testing/setup.ts'],
          benchmark: { include: [] },
        },
      },
      {
        ...shared,
        test: {
          name: 'int',
          include: everywhere.map((dir) => `${dir}/*.int.spec.ts`),
          globalSetup: templates,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          benchmark: { include: [] },
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: everywhere.map((dir) => `${dir}/*.e2e.spec.ts`),
          globalSetup: templates,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          benchmark: { include: [] },
        },
      },
    ],
  },
});
