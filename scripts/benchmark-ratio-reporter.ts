/**
 * Prints every benchmark comparison as ratios against its baseline: the row whose name
 * contains "baseline" (or else the first row), measured in the same run and process. Speed is
 * the mean throughput; a ratio above 1 means faster than the baseline.
 */
import type { Reporter, TestCase } from 'vitest/node';

interface BenchmarkTask {
  readonly name: string;
  readonly throughput: { readonly mean: number };
  readonly latency: { readonly mean: number };
}

export default class BenchmarkRatioReporter implements Reporter {
  onTestCaseBenchmark(testCase: TestCase, benchmark: { name: string; tasks: readonly BenchmarkTask[] }): void {
    const baseline = benchmark.tasks.find((task) => /baseline/i.test(task.name)) ?? benchmark.tasks[0];
    if (!baseline) return;
    const lines = benchmark.tasks.map((task) => {
      const ratio = task.throughput.mean / baseline.throughput.mean;
      const perOp = task.latency.mean * 1000;
      return `  ${task === baseline ? '= ' : '  '}${task.name}: ${ratio.toFixed(2)}x baseline (${perOp.toFixed(1)} µs/op)`;
    });
    process.stdout.write(`\n[bench] ${testCase.fullName}\n${lines.join('\n')}\n`);
  }
}
