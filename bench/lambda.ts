/**
 * The Lambda section of `pnpm bench`: the extension point for when the Lambda bundles exist
 * (apps/lambda-notes, apps/lambda-authorizer). Until then it reports itself as pending, and
 * the table says so. What belongs here, per the performance issue:
 *
 * - the bundled notes handler invoked in-process with API Gateway proxy events (built from
 *   AWS's sample events) against the bare SDK call it wraps, on the embedded emulator, as a
 *   vitest bench or timed rounds here (target: warm invocation at most 1.1x the SDK call);
 * - the authorizer per invocation, with a token already seen and a new one;
 * - cold start: {@link measureColdStart} on each bundle against an empty module (target: the
 *   notes bundle ready within 55 ms);
 * - bundle sizes: {@link bundleSizes}.
 *
 * `runLambdaBench` is called by run.ts between the micro-benchmarks and the HTTP rounds; fill
 * in its body and the `LambdaBenchResult` fields, and render.ts prints whatever is measured.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median } from './lib/stats.ts';

export interface ColdStart {
  /** Median milliseconds from the process's start until the module (and its top-level await) finished loading. */
  readonly medianMs: number;
  readonly runs: readonly number[];
}

export interface LambdaBenchResult {
  readonly status: 'measured' | 'pending';
  readonly reason?: string;
  readonly coldStart?: Readonly<Record<string, ColdStart>>;
  readonly bundleBytes?: Readonly<Record<string, { readonly bytes: number; readonly gzipBytes: number }>>;
}

/**
 * Starts a fresh Node process `runs` times and reads, in it, how long after the process's
 * start the module finished importing (`performance.now()` counts from the process's start).
 * Measure an empty module the same way for the floor.
 */
export async function measureColdStart(
  modulePath: string,
  { runs = 7, env = {} }: { runs?: number; env?: Readonly<Record<string, string>> } = {},
): Promise<ColdStart> {
  const script = `await import(${JSON.stringify(pathToFileURL(modulePath).href)}); process.stdout.write(String(performance.now()));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${modulePath}: exit ${code}`))));
    });
    times.push(Number(output));
  }
  return { medianMs: Math.round(median(times) * 10) / 10, runs: times.map((t) => Math.round(t * 10) / 10) };
}

/** Sizes of bundle files, as deployed and gzipped. */
export function bundleSizes(
  paths: Readonly<Record<string, string>>,
): Record<string, { bytes: number; gzipBytes: number }> {
  const sizes: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const [name, path] of Object.entries(paths)) {
    if (!existsSync(path)) continue;
    sizes[name] = { bytes: statSync(path).size, gzipBytes: gzipSync(readFileSync(path)).length };
  }
  return sizes;
}

export async function runLambdaBench(_progress: (line: string) => void): Promise<LambdaBenchResult> {
  return {
    status: 'pending',
    reason: 'the Lambda bundles are not built yet; bench/lambda.ts is where their figures go',
  };
}
