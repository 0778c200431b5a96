/**
 * Ends a vitest run with one plain line, `Summary: N passed, N failed, N skipped`, that any CI
 * can read, plus the skipped tests by name so that nothing is skipped silently.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped.push(test.fullName);
      }
      if (module.state() === 'failed' && !module.ok()) failed += module.children.size === 0 ? 1 : 0;
    }
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    process.stdout.write(`\nSummary: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
