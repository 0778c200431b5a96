/**
 * Cold starts of a bundle, each in a fresh Node process: how long its import (and top-level
 * await) took, the CPU time it used, and, with a first event, the time until the handler's first
 * answer. Alone (median of several processes), or paired with a baseline build's bundle in
 * rotating rounds, with the baseline against itself as the run's noise.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LAMBDA_CONTEXT_SOURCE } from './lambda-events.ts';
import { median, pairedRatioSpread, type RatioSpread, round } from './stats.ts';

type Env = Record<string, string>;

export interface ColdStart {
  /** Median milliseconds from the process's start until the module (and its top-level await) finished loading. */
  readonly medianMs: number;
  /** Median milliseconds of the import itself: the module's init, above what was loaded before it. */
  readonly initMedianMs: number;
  /** Median CPU milliseconds (user and system, every thread) the process spent on that import. */
  readonly initCpuMedianMs: number;
  /**
   * With a first event: median milliseconds (and CPU milliseconds) from the start of the import
   * until the handler's answer to the first invocation, which is what the first caller of a
   * new instance waits for (the SDK's first request, its client's connection, and everything
   * that is built on first use are in it).
   */
  readonly throughFirstMedianMs?: number;
  readonly throughFirstCpuMedianMs?: number;
  readonly runs: readonly number[];
}

/** One bundle of this build against the same bundle of the baseline build, in interleaved cold starts. */
export interface PairedColdStart {
  readonly current: ColdStart;
  readonly baseline: ColdStart;
  /** This build's init over the baseline's, per round: wall time and CPU time. */
  readonly initRatio: RatioSpread;
  readonly cpuRatio: RatioSpread;
  /** The baseline's init over a second process of the same bundle in the same round: the run's noise. */
  readonly initNoise: RatioSpread;
  readonly cpuNoise: RatioSpread;
  /** The same through the answer to the first invocation, when there was a first event. */
  readonly throughFirst?: {
    readonly ratio: RatioSpread;
    readonly cpuRatio: RatioSpread;
    readonly noise: RatioSpread;
    readonly cpuNoise: RatioSpread;
  };
}

/** One fresh process's cold start, in milliseconds. */
interface ColdSample {
  readonly init: number;
  readonly cpu: number;
  readonly ready: number;
  /** From the start of the import until the first invocation's answer, with a first event. */
  readonly throughFirst?: number;
  readonly throughFirstCpu?: number;
}

/**
 * The first invocation of a fresh instance: the event, and what its answer must hold (a notes
 * handler's `statusCode`, or an authorizer's `principalId`), so that a handler that fails
 * quickly is not measured as a fast one.
 */
export interface FirstInvocation {
  readonly event: unknown;
  readonly expect: { readonly statusCode: number } | { readonly principalId: true };
}

/**
 * Starts a fresh Node process that imports the module (and awaits its top-level await) and
 * reads, in it, how long the import took, how much CPU time the process spent meanwhile, and
 * how long after the process's start it was ready (`performance.now()` counts from the
 * process's start). With `preload`, those built-in modules are required first, as the Lambda
 * runtime has them loaded before it imports a handler, and the import is what the module adds
 * on top: its init.
 */
async function coldStartOnce(
  modulePath: string,
  env: Readonly<Env>,
  preload: readonly string[],
  first?: FirstInvocation,
): Promise<ColdSample> {
  const url = pathToFileURL(modulePath).href;
  // The figures go out on file descriptor 3: the handler writes its log lines on stdout.
  const script = [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(url)});`,
    ...preload.map((name) => `require(${JSON.stringify(name)});`),
    'const cpu = process.cpuUsage();',
    'const started = performance.now();',
    `const module = await import(${JSON.stringify(url)});`,
    'const init = performance.now() - started;',
    'const used = process.cpuUsage(cpu);',
    'const figures = { init, cpu: (used.user + used.system) / 1000, ready: performance.now() };',
    ...(first === undefined
      ? []
      : [
          `const answer = await module.handler(${JSON.stringify(first.event)}, ${LAMBDA_CONTEXT_SOURCE});`,
          'const through = process.cpuUsage(cpu);',
          'figures.throughFirst = performance.now() - started;',
          'figures.throughFirstCpu = (through.user + through.system) / 1000;',
          `const expected = ${JSON.stringify(first.expect)};`,
          "const holds = 'statusCode' in expected ? answer?.statusCode === expected.statusCode : typeof answer?.principalId === 'string';",
          "if (!holds) { process.stderr.write('the first invocation answered ' + JSON.stringify(answer).slice(0, 500) + '\\n'); process.exit(3); }",
        ]),
    "require('node:fs').writeSync(3, JSON.stringify(figures));",
  ].join('\n');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let text = '';
    const figures = child.stdio[3] as NodeJS.ReadableStream;
    figures.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`${modulePath} failed to load in a fresh process (exit ${code}); its error is above`)),
    );
  });
  return JSON.parse(output) as ColdSample;
}

function summarize(samples: readonly ColdSample[]): ColdStart {
  const through = samples.flatMap((s) => (s.throughFirst === undefined ? [] : [s.throughFirst]));
  const throughCpu = samples.flatMap((s) => (s.throughFirstCpu === undefined ? [] : [s.throughFirstCpu]));
  return {
    medianMs: round(median(samples.map((s) => s.ready)), 1),
    initMedianMs: round(median(samples.map((s) => s.init)), 1),
    initCpuMedianMs: round(median(samples.map((s) => s.cpu)), 1),
    ...(through.length === 0
      ? {}
      : { throughFirstMedianMs: round(median(through), 1), throughFirstCpuMedianMs: round(median(throughCpu), 1) }),
    runs: samples.map((s) => round(s.ready, 1)),
  };
}

/** The cold start of `modulePath`, median of `runs` fresh processes (see `coldStartOnce`). */
export async function measureColdStart(
  modulePath: string,
  {
    runs = 7,
    env = {},
    preload = [],
    first,
  }: {
    runs?: number;
    env?: Readonly<Record<string, string>>;
    preload?: readonly string[];
    first?: FirstInvocation;
  } = {},
): Promise<ColdStart> {
  const samples: ColdSample[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await coldStartOnce(modulePath, env, preload, first));
  return summarize(samples);
}

/**
 * Cold starts of this build's bundle and the baseline's, interleaved: each round starts one
 * process of this build's, one of the baseline's and a second of the baseline's, in an order
 * that rotates from round to round, so that a slow spell of the machine falls on all alike and
 * neither is always first. The ratios are per round; the baseline against its second process
 * says how far two runs of one bundle differ in this run.
 */
export async function measurePairedColdStart(
  currentPath: string,
  baselinePath: string,
  {
    rounds,
    env,
    preload,
    first,
  }: { rounds: number; env: Readonly<Env>; preload: readonly string[]; first?: FirstInvocation },
): Promise<PairedColdStart> {
  const paths = [currentPath, baselinePath, baselinePath] as const;
  const samples: ColdSample[][] = [[], [], []];
  for (let r = 0; r < rounds; r += 1) {
    for (let k = 0; k < paths.length; k += 1) {
      const which = (r + k) % paths.length;
      samples[which]!.push(await coldStartOnce(paths[which]!, env, preload, first));
    }
  }
  const [current, baseline, again] = samples as [ColdSample[], ColdSample[], ColdSample[]];
  const field = (list: readonly ColdSample[], key: 'init' | 'cpu' | 'throughFirst' | 'throughFirstCpu') =>
    list.map((s) => s[key] ?? Number.NaN);
  return {
    current: summarize(current),
    baseline: summarize(baseline),
    initRatio: pairedRatioSpread(field(current, 'init'), field(baseline, 'init')),
    cpuRatio: pairedRatioSpread(field(current, 'cpu'), field(baseline, 'cpu')),
    initNoise: pairedRatioSpread(field(baseline, 'init'), field(again, 'init')),
    cpuNoise: pairedRatioSpread(field(baseline, 'cpu'), field(again, 'cpu')),
    ...(first === undefined
      ? {}
      : {
          throughFirst: {
            ratio: pairedRatioSpread(field(current, 'throughFirst'), field(baseline, 'throughFirst')),
            cpuRatio: pairedRatioSpread(field(current, 'throughFirstCpu'), field(baseline, 'throughFirstCpu')),
            noise: pairedRatioSpread(field(baseline, 'throughFirst'), field(again, 'throughFirst')),
            cpuNoise: pairedRatioSpread(field(baseline, 'throughFirstCpu'), field(again, 'throughFirstCpu')),
          },
        }),
  };
}
