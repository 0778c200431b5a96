/**
 * `pnpm bench`: the whole benchmark in one run, within five minutes on two cores. First the
 * vitest micro-benchmarks (token verification first seen and already seen, the DynamoDB
 * repository against the raw SDK, …), then the Lambda section (pending until the bundles
 * exist), then the HTTP rounds (bench/http.ts). It prints one table, writes the figures with
 * the machine they came from to bench/results.json, and renders that into bench/README.md.
 * Progress goes to stderr, the table to stdout.
 *
 *   pnpm bench                          # everything; tsc -b first (the API runs from its build)
 *   pnpm bench:quick                    # a short smoke run (or BENCH_QUICK=1); results go to a temporary file
 *   node bench/run.ts --only=http --groups=memory --out=/tmp/r.json
 *   BENCH_SERVER_ROOT=/path/to/other/checkout node bench/run.ts --only=http   # measure another build
 *   BENCH_BASELINE_ROOT=/path/to/old/checkout node bench/run.ts --only=http --groups=memory
 *                                       # before/after: both builds in the same rounds
 *   BENCH_BASELINE_ROOT=/path/to/old/checkout node bench/run.ts --only=lambda
 *                                       # before/after: both builds' bundles, interleaved
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, estimatedSeconds, QUICK_SETTINGS, runHttpBench } from './http.ts';
import { runLambdaBench } from './lambda.ts';
import { describeMachine } from './lib/machine.ts';
import { REPO_ROOT } from './lib/workspace.ts';
import { runMicroBench } from './micro.ts';
import { type BenchResults, checkTargets, RESULTS_FILE, renderMarkdown, writeReadmeSection } from './render.ts';

// `pnpm bench:… -- --flag` passes the `--` on: it separates nothing here.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    only: { type: 'string' },
    groups: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean' },
    'keep-logs': { type: 'boolean' },
  },
  strict: true,
});

const quick = values.quick === true || process.env.BENCH_QUICK === '1';
const parts = new Set((values.only ?? 'micro,lambda,http').split(','));
const groups = (values.groups ?? 'memory,dynamodb').split(',') as ('memory' | 'dynamodb')[];
const serverRoot = resolve(process.env.BENCH_SERVER_ROOT ?? REPO_ROOT);
const baselineRoot = process.env.BENCH_BASELINE_ROOT ? resolve(process.env.BENCH_BASELINE_ROOT) : undefined;
const complete =
  !quick && parts.size === 3 && groups.length === 2 && serverRoot === resolve(REPO_ROOT) && baselineRoot === undefined;
const out = values.out ?? (complete ? RESULTS_FILE : join(tmpdir(), `secure-notes-bench-${Date.now()}.json`));

const started = performance.now();
const elapsed = () => Math.round((performance.now() - started) / 1000);
const progress = (line: string) => process.stderr.write(`[${String(elapsed()).padStart(3)} s] ${line}\n`);

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: serverRoot, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const machine = describeMachine();
const settings = quick ? QUICK_SETTINGS : DEFAULT_SETTINGS;
progress(
  `bench: ${[...parts].join(', ')} on ${machine.cpuModel} (${machine.cores} cores), Node ${machine.node}; ` +
    `HTTP rounds take about ${parts.has('http') ? estimatedSeconds(settings, groups) : 0} s`,
);

const micro = parts.has('micro') ? await runMicroBench(progress) : undefined;
const lambda = parts.has('lambda')
  ? await runLambdaBench(progress, { quick, ...(baselineRoot === undefined ? {} : { baselineRoot }) })
  : undefined;
const http = parts.has('http')
  ? await runHttpBench({
      settings,
      serverRoot,
      groups,
      progress,
      keepLogs: values['keep-logs'] === true,
      ...(baselineRoot === undefined ? {} : { baselineRoot }),
    })
  : undefined;

const problems = [
  ...(micro?.failures ?? []).map(
    (failure) => `micro-benchmark failed: ${failure.test} (${failure.file}): ${failure.message}`,
  ),
  ...(micro && micro.exitCode !== 0 && micro.failures.length === 0
    ? [`vitest bench exited with ${micro.exitCode}`]
    : []),
  ...(http?.problems ?? []),
];
const results: BenchResults = {
  schema: 1,
  machine,
  server: {
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain').length > 0,
    root: relative(REPO_ROOT, serverRoot) || '.',
  },
  quick,
  elapsedSeconds: elapsed(),
  ...(micro === undefined ? {} : { micro }),
  ...(lambda === undefined ? {} : { lambda }),
  ...(http === undefined ? {} : { http }),
  targets: checkTargets(http, lambda),
  valid: problems.length === 0,
  problems,
};

writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\n${renderMarkdown(results)}`);
progress(`bench: figures written to ${out}`);
if (out === RESULTS_FILE) {
  writeReadmeSection(results);
  progress('bench: bench/README.md updated from them');
}
for (const problem of problems) process.stderr.write(`bench: PROBLEM: ${problem}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
