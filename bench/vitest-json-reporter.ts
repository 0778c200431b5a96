/**
 * A vitest reporter that keeps the micro-benchmarks' figures for `pnpm bench`: every
 * comparison with its baseline (the row whose name says "baseline", else the first), each
 * row's throughput as a ratio to it and its mean time per operation, written as JSON to the
 * file named by BENCH_MICRO_JSON when the run ends, with the benchmarks that failed (also
 * printed as they fail, since this reporter replaces vitest's default one). The ratio reporter
 * prints the same figures.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

interface BenchmarkTask {
  readonly name: string;
  readonly throughput: { readonly mean: number };
  readonly latency: { readonly mean: number; readonly p99: number; readonly rme: number };
}

export interface MicroBenchmark {
  readonly file: string;
  readonly test: string;
  readonly baseline: string;
  readonly rows: readonly {
    readonly name: string;
    /** Throughput over the baseline's: above 1 is faster. */
    readonly ratio: number;
    readonly microsecondsPerOp: number;
    readonly p99Microseconds: number;
    readonly rmePercent: number;
  }[];
}

export interface MicroBenchFailure {
  readonly file: string;
  readonly test: string;
  readonly message: string;
}

export interface MicroBenchReport {
  readonly benchmarks: readonly MicroBenchmark[];
  readonly failures: readonly MicroBenchFailure[];
}

export default class MicroBenchJsonReporter implements Reporter {
  readonly #benchmarks: MicroBenchmark[] = [];
  readonly #failures: MicroBenchFailure[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    if (result.state !== 'failed') return;
    const message = result.errors?.[0]?.message ?? 'failed';
    this.#failures.push({ file: relative(process.cwd(), testCase.module.moduleId), test: testCase.fullName, message });
    process.stdout.write(`[bench] FAILED ${testCase.fullName}: ${message}\n`);
  }

  onTestCaseBenchmark(testCase: TestCase, benchmark: { name: string; tasks: readonly BenchmarkTask[] }): void {
    const baseline = benchmark.tasks.find((task) => /baseline/i.test(task.name)) ?? benchmark.tasks[0];
    if (!baseline) return;
    this.#benchmarks.push({
      file: relative(process.cwd(), testCase.module.moduleId),
      test: testCase.fullName,
      baseline: baseline.name,
      rows: benchmark.tasks.map((task) => ({
        name: task.name,
        ratio: Math.round((task.throughput.mean / baseline.throughput.mean) * 100) / 100,
        microsecondsPerOp: Math.round(task.latency.mean * 1000 * 10) / 10,
        p99Microseconds: Math.round(task.latency.p99 * 1000 * 10) / 10,
        rmePercent: Math.round(task.latency.rme * 10) / 10,
      })),
    });
  }

  onTestRunEnd(): void {
    const file = process.env.BENCH_MICRO_JSON;
    const report: MicroBenchReport = { benchmarks: this.#benchmarks, failures: this.#failures };
    if (file) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
}
