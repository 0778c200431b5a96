/**
 * The micro-benchmarks half of `pnpm bench`: the vitest benches of the packages
 * (`packages/*\/bench`), run as `vitest bench --run` with the ratio reporter
 * (printed as they finish) and a JSON reporter whose figures go into the results.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/workspace.ts';
import type { MicroBenchFailure, MicroBenchmark, MicroBenchReport } from './vitest-json-reporter.ts';

export type { MicroBenchFailure, MicroBenchmark };

export interface MicroBenchResult {
  readonly benchmarks: readonly MicroBenchmark[];
  readonly failures: readonly MicroBenchFailure[];
  readonly exitCode: number;
}

export async function runMicroBench(
  progress: (line: string) => void,
  filters: readonly string[] = [],
): Promise<MicroBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'secure-notes-micro-'));
  const file = join(dir, 'micro.json');
  try {
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/vitest'),
      [
        'bench',
        '--run',
        '--reporter=./scripts/benchmark-ratio-reporter.ts',
        '--reporter=./bench/vitest-json-reporter.ts',
        ...filters,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, BENCH_MICRO_JSON: file }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      let pending = '';
      stream.on('data', (text: string) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) progress(`[micro] ${line}`);
      });
    }
    const exitCode = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    let report: MicroBenchReport = { benchmarks: [], failures: [] };
    try {
      report = JSON.parse(await readFile(file, 'utf8')) as MicroBenchReport;
    } catch {
      progress('[micro] no figures were written: did vitest bench fail to start?');
    }
    return { benchmarks: report.benchmarks, failures: report.failures, exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
