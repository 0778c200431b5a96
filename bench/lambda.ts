/**
 * The Lambda section of `pnpm bench`: the bundles as they deploy (built fresh by
 * scripts/build-lambdas.mjs), measured three ways.
 *
 * - Cold start: a fresh Node process imports the bundle until the handler is ready (the
 *   authorizer's top-level await loads its JWKS, the notes function's reads its page-token
 *   secret from the local Secrets Manager stand-in), median of several, against two floors: an
 *   empty module, and a module that only imports `node:http` and `node:https`, which the Lambda
 *   runtime has loaded before it imports a handler (its runtime API client speaks HTTP). The
 *   issue's target, cold init ≤ 55 ms, is the bundle above the runtime's floor. Each process
 *   also reports the CPU time of its init, which moves far less than wall time on a shared
 *   machine.
 * - Warm invocation: the notes bundle imported in this process and invoked with API Gateway
 *   proxy events for `GET /notes/{id}` (a Cognito authorizer's claims, as API Gateway passes
 *   them) against the bare SDK call it wraps (the document client's consistent `GetItem`, with
 *   the repository's settings), on the embedded emulator, in interleaved rounds; the ratio is
 *   per round and the median is reported. The function's log line per invocation is written as
 *   in production (to stdout, captured here and counted).
 * - The TOKEN authorizer per invocation, with a real RS256 ID token (API Gateway caches its
 *   answers; each invocation verifies).
 *
 * With a baseline checkout (`BENCH_BASELINE_ROOT`), its bundles are built by its own
 * scripts/build-lambdas.mjs and measured beside this build's in the same run: each cold-start
 * round starts one process of this build's bundle, one of the baseline's and a second one of
 * the baseline's (in an order that rotates from round to round), so that the per-round ratio
 * this/baseline can be read against the ratio the baseline gives against itself; in the warm
 * rounds both notes handlers (and a second instance of the baseline's) alternate slice by slice
 * with the bare SDK call.
 *
 * This file is the run: the bundles it builds, the environment it gives them, and the order of
 * the measurements, which share the emulator, the token issuer and the Secrets Manager stand-in
 * started once for all of them. The cold-start processes are lib/cold-start.ts; the events and
 * context a handler is given are lib/lambda-events.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  type ColdStart,
  type FirstInvocation,
  measureColdStart,
  measurePairedColdStart,
  type PairedColdStart,
} from './lib/cold-start.ts';
import { lambdaContext, proxyEvent, tokenEvent } from './lib/lambda-events.ts';
import { median, pairedRatio, pairedRatioSpread, type RatioSpread, round } from './lib/stats.ts';
import { CLIENT_ID, startTokenIssuer, USER_POOL_ID } from './lib/tokens.ts';
import { importFromWorkspace, REPO_ROOT } from './lib/workspace.ts';

export interface WarmComparison {
  /** Median microseconds per call of the handler and of the bare SDK call, and their per-round ratio. */
  readonly handlerUs: number;
  readonly sdkUs: number;
  readonly ratio: number;
  readonly rounds: number;
  readonly callsPerRound: number;
  /** Log lines the handler wrote over the timed calls (one per invocation is the promise). */
  readonly logLines: number;
  readonly invocations: number;
}

export interface BaselineWarm {
  /** Median microseconds per warm `GET /notes/{id}` of each notes handler and of the bare SDK call. */
  readonly currentUs: number;
  readonly baselineUs: number;
  readonly sdkUs: number;
  /** Each handler over the bare SDK call, per round (median). */
  readonly currentVsSdk: number;
  readonly baselineVsSdk: number;
  /** This build's handler over the baseline's, per round. */
  readonly ratio: RatioSpread;
  /** The baseline's handler over a second instance of the same bundle, per round: the run's noise. */
  readonly noise: RatioSpread;
  readonly rounds: number;
  readonly callsPerRound: number;
  /** Log lines the baseline's handler wrote over its timed calls. */
  readonly logLines: number;
  readonly invocations: number;
}

/** This build's bundles against another checkout's, measured in the same run. */
export interface LambdaBaselineResult {
  /** The baseline checkout, and its commit when it is a git checkout. */
  readonly root: string;
  readonly commit?: string;
  readonly bundleBytes: Readonly<Record<string, BundleSize>>;
  /** Rounds of cold starts: each starts one process of this build's bundle and two of the baseline's. */
  readonly rounds: number;
  readonly coldStart: Readonly<Record<string, PairedColdStart>>;
  readonly warm: BaselineWarm;
}

export interface LambdaBenchResult {
  readonly status: 'measured' | 'pending';
  readonly reason?: string;
  readonly coldStart?: Readonly<Record<string, ColdStart>>;
  /** The notes bundle's cold init above the runtime's floor (node:http and node:https loaded), in ms. */
  readonly notesColdInitMs?: number;
  readonly bundleBytes?: Readonly<Record<string, BundleSize>>;
  readonly warm?: WarmComparison;
  /** Median microseconds per TOKEN authorizer invocation. */
  readonly authorizerUs?: number;
  /** Set when a baseline checkout was measured beside this build (`BENCH_BASELINE_ROOT`). */
  readonly baseline?: LambdaBaselineResult;
}

type Env = Record<string, string>;

/** A bundle's code in bytes, raw and gzipped: what its init loads, and (`lazyBytes`) what it loads later. */
export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The chunks loaded by a dynamic import, on the first invocation that needs them; 0 for a bundle of one file. */
  readonly lazyBytes?: number;
}

/** One bundle as scripts/build-lambdas.mjs reports it; `files` is absent from builds of one file per bundle. */
interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly files?: readonly { readonly file: string; readonly bytes: number; readonly init: boolean }[];
}

/** The bundles of one build: each handler module's absolute path, and each bundle's sizes. */
interface Bundles {
  readonly paths: Record<string, string>;
  readonly sizes: Record<string, BundleSize>;
}

/** Sizes of a bundle's files (the handler's module and the chunks its init imports; the later ones apart), gzipped each. */
function bundleSize(root: string, bundle: BuiltBundle): BundleSize {
  const files = bundle.files ?? [{ file: bundle.file, bytes: bundle.bytes, init: true }];
  const init = files.filter((f) => f.init);
  return {
    bytes: init.reduce((total, f) => total + statSync(join(root, f.file)).size, 0),
    gzipBytes: init.reduce((total, f) => total + gzipSync(readFileSync(join(root, f.file))).length, 0),
    lazyBytes: files.filter((f) => !f.init).reduce((total, f) => total + statSync(join(root, f.file)).size, 0),
  };
}

/**
 * Builds the Lambda bundles of the checkout at `root` with its own scripts/build-lambdas.mjs
 * (its esbuild, its sources); returns each bundle's absolute path by name, and its sizes.
 */
async function buildBundles(root: string, needed: readonly string[]): Promise<Bundles> {
  const script = join(root, 'scripts/build-lambdas.mjs');
  if (!existsSync(script))
    throw new Error(
      `${root} has no scripts/build-lambdas.mjs: point BENCH_BASELINE_ROOT at a checkout of this repository`,
    );
  const { buildLambdas } = (await import(pathToFileURL(script).href)) as {
    buildLambdas(options: { quiet: boolean }): Promise<BuiltBundle[]>;
  };
  const built = await buildLambdas({ quiet: true });
  const paths = Object.fromEntries(built.map((bundle) => [bundle.name, join(root, bundle.file)]));
  for (const name of needed) {
    if (paths[name] === undefined || !existsSync(paths[name]))
      throw new Error(
        `${script} built no ${name} bundle (it built ${built.map((b) => b.name).join(', ') || 'nothing'}); is its pnpm install done?`,
      );
  }
  const sizes = Object.fromEntries(
    built.filter((bundle) => needed.includes(bundle.name)).map((bundle) => [bundle.name, bundleSize(root, bundle)]),
  );
  return { paths, sizes };
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

/** Adds `env` to process.env, as the function's environment; returns what puts it back. */
function setEnv(env: Env): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Runs `body` with `env` added to process.env. */
async function withEnv<T>(env: Env, body: () => Promise<T>): Promise<T> {
  const restore = setEnv(env);
  try {
    return await body();
  } finally {
    restore();
  }
}

/** Captures what is written to stdout meanwhile (the function's log lines), counting lines. */
async function capturingStdout<T>(body: () => Promise<T>): Promise<{ value: T; lines: number }> {
  const write = process.stdout.write;
  let lines = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const char of text) if (char === '\n') lines += 1;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await body(), lines };
  } finally {
    process.stdout.write = write;
  }
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/** A target of the warm rounds: `calls` calls, timed, with the log lines they wrote. */
type WarmTarget = (calls: number) => Promise<{ ms: number; lines: number }>;

/** A notes handler invoked with `event()`, expecting 200, its log lines captured and counted. */
function handlerTarget(handler: Handler, event: () => unknown): WarmTarget {
  return async (calls) => {
    const timed = await capturingStdout(async () => {
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) {
        const response = await handler(event(), lambdaContext());
        if (response.statusCode !== 200)
          throw new Error(`the notes handler answered ${response.statusCode}: ${response.body}`);
      }
      return performance.now() - started;
    });
    return { ms: timed.value, lines: timed.lines };
  };
}

/**
 * Warm rounds: in each, `calls` calls of every target, in slices of `slice` that alternate
 * among the targets (which one leads rotates from slice to slice), so that a slow spell of the
 * shared machine falls on all alike. Returns each target's microseconds per call in each round,
 * and the log lines each wrote over the timed calls.
 */
async function warmRounds(
  targets: readonly WarmTarget[],
  { rounds, calls, slice }: { rounds: number; calls: number; slice: number },
): Promise<{ us: number[][]; lines: number[] }> {
  const us = targets.map(() => [] as number[]);
  const lines = targets.map(() => 0);
  // Warm-up: the first calls open connections and let the JIT settle.
  for (const target of targets) await target(slice);
  let turn = 0;
  for (let r = 0; r < rounds; r += 1) {
    const ms = targets.map(() => 0);
    for (let done = 0; done < calls; done += slice, turn += 1) {
      for (let k = 0; k < targets.length; k += 1) {
        const which = (turn + k) % targets.length;
        const timed = await targets[which]!(slice);
        ms[which]! += timed.ms;
        lines[which]! += timed.lines;
      }
    }
    for (const [which, total] of ms.entries()) us[which]!.push((total * 1000) / calls);
  }
  return { us, lines };
}

async function importHandler(bundle: string): Promise<Handler> {
  // A query of its own makes each import a fresh instance of the module, with its own init.
  const module = (await import(`${pathToFileURL(bundle).href}?bench=${randomUUID()}`)) as { handler: Handler };
  return module.handler;
}

/** Creates a note through `handler` for the user `sub`; returns its id. */
async function createNote(handler: Handler, sub: string): Promise<string> {
  const created = await capturingStdout(() =>
    handler(
      proxyEvent('POST', '/notes', '/notes', sub, { body: '{"title":"bench","content":"warm"}' }),
      lambdaContext(),
    ),
  );
  if (created.value.statusCode !== 201)
    throw new Error(`the notes handler could not create a note (${created.value.statusCode}): ${created.value.body}`);
  return (JSON.parse(created.value.body) as { noteId: string }).noteId;
}

const MEASURED_BUNDLES = ['notes', 'token-authorizer'] as const;

export async function runLambdaBench(
  progress: (line: string) => void,
  { quick = false, baselineRoot }: { quick?: boolean; baselineRoot?: string } = {},
): Promise<LambdaBenchResult> {
  progress('lambda: building the bundles');
  const { paths, sizes } = await buildBundles(REPO_ROOT, MEASURED_BUNDLES);
  let baselineBundles: Bundles | undefined;
  if (baselineRoot !== undefined) {
    progress(`lambda: building the baseline's bundles with ${join(baselineRoot, 'scripts/build-lambdas.mjs')}`);
    baselineBundles = await buildBundles(baselineRoot, MEASURED_BUNDLES);
  }
  const baselinePaths = baselineBundles?.paths;
  const { startEmbeddedDynamoDb } = (await import(
    pathToFileURL(join(REPO_ROOT, 'local/dynamodb/dist/embedded.js')).href
  )) as { startEmbeddedDynamoDb(): Promise<{ endpoint: string; close(): Promise<void> }> };
  const aws = (await import(pathToFileURL(join(REPO_ROOT, 'packages/adapters-aws/dist/index.js')).href)) as {
    createDynamoDbDocumentClient(options: { region: string; endpoint: string; env: Env }): {
      send(command: unknown): Promise<{ Item?: unknown }>;
      destroy(): void;
    };
    ensureNotesTable(client: unknown, table: string): Promise<boolean>;
  };
  const { GetCommand } = await importFromWorkspace<{ GetCommand: new (input: unknown) => unknown }>(
    'packages/adapters-aws',
    '@aws-sdk/lib-dynamodb',
  );
  // The notes function reads its page-token secret at init from Secrets Manager: the local
  // stack's stand-in answers that one call, as it does for the local Lambda runtime.
  const { startSecretsManagerStandIn, localSecretArn } = (await import(
    pathToFileURL(join(REPO_ROOT, 'local/stack/dist/secrets-manager-stand-in.js')).href
  )) as {
    startSecretsManagerStandIn(
      secrets: { arn: string; name: string; value: string }[],
    ): Promise<{ endpoint: string; close(): Promise<void> }>;
    localSecretArn(region: string, name: string): string;
  };
  const cursorSecretArn = localSecretArn('us-east-1', 'bench-cursor-secret');
  const cursorSecret = 'b'.repeat(40);
  const secrets = await startSecretsManagerStandIn([
    { arn: cursorSecretArn, name: 'bench-cursor-secret', value: cursorSecret },
  ]);
  const dynamodb = await startEmbeddedDynamoDb();
  const issuer = await startTokenIssuer();
  const documents = aws.createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint, env: {} });
  try {
    const table = `notes-bench-${randomUUID()}`;
    await aws.ensureNotesTable(documents, table);
    const credentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    // One environment for every build, so that a baseline build reads what it reads: the
    // function names its page-token secret (`NOTES_CURSOR_SECRET_ID`, read from Secrets Manager
    // at init), where builds from before it moved there were given its value
    // (`NOTES_CURSOR_SECRET`), the same secret. Neither build refuses the other's variable.
    const notesEnv: Env = {
      AWS_REGION: 'us-east-1',
      NOTES_TABLE: table,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      NOTES_CURSOR_SECRET_ID: cursorSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      NOTES_CURSOR_SECRET: cursorSecret,
      COGNITO_CLIENT_IDS: CLIENT_ID,
      LOG_LEVEL: 'INFO',
      ...credentials,
    };
    const authorizerEnv: Env = {
      COGNITO_USER_POOL_ID: USER_POOL_ID,
      COGNITO_CLIENT_IDS: CLIENT_ID,
      COGNITO_ISSUER: issuer.issuer,
      COGNITO_JWKS_URI: issuer.jwksUri,
      LOG_LEVEL: 'WARN',
    };
    // Each fresh process also answers one request, as the first caller of a new instance makes
    // it: the notes function a first page of a user's notes (one DynamoDB query), the authorizer
    // a valid token (verified with the keys its init fetched).
    const firstCalls: Record<'notes' | 'token-authorizer', FirstInvocation> = {
      notes: {
        event: proxyEvent('GET', '/notes', '/notes', `cold-${randomUUID()}`, {
          queryStringParameters: { limit: '20' },
          multiValueQueryStringParameters: { limit: ['20'] },
        }),
        expect: { statusCode: 200 },
      },
      'token-authorizer': {
        event: tokenEvent((await issuer.mint()).token),
        expect: { principalId: true },
      },
    };
    const runs = quick ? 3 : 9;
    // A multiple of 3, so that each of the three processes of a round leads equally often.
    const pairedRounds = quick ? 6 : 21;

    // The Lambda runtime has node:http and node:https loaded (its runtime API client speaks
    // HTTP) before it imports a handler: the init that counts is what the bundle adds to that.
    const runtime = ['node:http', 'node:https'];
    const emptyFile = join(REPO_ROOT, 'bench/servers/empty.mjs');
    let coldStart: Record<string, ColdStart>;
    let pairedColdStart: Record<string, PairedColdStart> | undefined;
    if (baselinePaths === undefined) {
      progress(`lambda: cold starts (${runs} fresh processes each)`);
      coldStart = {
        'empty module': await measureColdStart(emptyFile, { runs, preload: runtime }),
        notes: await measureColdStart(paths.notes!, {
          runs,
          env: notesEnv,
          preload: runtime,
          first: firstCalls.notes,
        }),
        'token-authorizer': await measureColdStart(paths['token-authorizer']!, {
          runs,
          env: authorizerEnv,
          preload: runtime,
          first: firstCalls['token-authorizer'],
        }),
      };
    } else {
      progress(`lambda: cold starts of the empty module (${runs} fresh processes)`);
      const empty = await measureColdStart(emptyFile, { runs, preload: runtime });
      pairedColdStart = {};
      for (const [name, env] of [
        ['notes', notesEnv],
        ['token-authorizer', authorizerEnv],
      ] as const) {
        progress(
          `lambda: ${name} cold starts against the baseline's (${pairedRounds} rounds of one fresh process of this build's bundle and two of the baseline's)`,
        );
        pairedColdStart[name] = await measurePairedColdStart(paths[name]!, baselinePaths[name]!, {
          rounds: pairedRounds,
          env,
          preload: runtime,
          first: firstCalls[name],
        });
      }
      coldStart = {
        'empty module': empty,
        notes: pairedColdStart.notes!.current,
        'token-authorizer': pairedColdStart['token-authorizer']!.current,
      };
    }
    const notesColdInitMs = coldStart.notes!.initMedianMs;

    progress(
      baselinePaths === undefined
        ? 'lambda: warm invocations against the bare SDK call'
        : "lambda: warm invocations of this build's and the baseline's notes handlers against the bare SDK call",
    );
    // The function's environment stays for the whole measurement: the SDK reads its credentials
    // from it on the first call, as on Lambda.
    const restoreEnv = setEnv(notesEnv);
    let warm: WarmComparison;
    let baselineWarm: BaselineWarm | undefined;
    try {
      const getEvent = (sub: string, noteId: string) => () =>
        proxyEvent('GET', '/notes/{noteId}', `/notes/${noteId}`, sub, { pathParameters: { noteId } });
      // Each handler reads a note it created itself: builds may store notes differently.
      const handlerFor = async (bundle: string) => {
        const handler = await importHandler(bundle);
        const sub = randomUUID();
        const noteId = await createNote(handler, sub);
        return { target: handlerTarget(handler, getEvent(sub, noteId)), sub, noteId };
      };
      // The bare call reads the note this build's handler reads.
      const { target: current, sub, noteId } = await handlerFor(paths.notes!);
      const sdk: WarmTarget = async (calls) => {
        const started = performance.now();
        for (let i = 0; i < calls; i += 1) {
          const { Item } = await documents.send(
            new GetCommand({ TableName: table, Key: { userId: sub, noteId }, ConsistentRead: true }),
          );
          if (Item === undefined) throw new Error('the bare GetItem found no note');
        }
        return { ms: performance.now() - started, lines: 0 };
      };
      const targets =
        baselinePaths === undefined
          ? [current, sdk]
          : [
              current,
              sdk,
              (await handlerFor(baselinePaths.notes!)).target,
              // A second instance of the baseline's bundle: how far two instances of one handler differ.
              (await handlerFor(baselinePaths.notes!)).target,
            ];
      const rounds = quick ? 3 : baselinePaths === undefined ? 7 : 11;
      const calls = quick ? 100 : 400;
      const { us, lines } = await warmRounds(targets, { rounds, calls, slice: 50 });
      const [currentUs, sdkUs, baselineUs, againUs] = us as [number[], number[], number[]?, number[]?];
      warm = {
        handlerUs: round(median(currentUs), 0),
        sdkUs: round(median(sdkUs), 0),
        ratio: round(pairedRatio(currentUs, sdkUs), 2),
        rounds,
        callsPerRound: calls,
        logLines: lines[0]!,
        invocations: rounds * calls,
      };
      if (baselineUs !== undefined && againUs !== undefined) {
        baselineWarm = {
          currentUs: warm.handlerUs,
          baselineUs: round(median(baselineUs), 0),
          sdkUs: warm.sdkUs,
          currentVsSdk: warm.ratio,
          baselineVsSdk: round(pairedRatio(baselineUs, sdkUs), 2),
          ratio: pairedRatioSpread(currentUs, baselineUs),
          noise: pairedRatioSpread(baselineUs, againUs),
          rounds,
          callsPerRound: calls,
          logLines: lines[2]!,
          invocations: rounds * calls,
        };
      }
    } finally {
      restoreEnv();
    }

    progress('lambda: the TOKEN authorizer per invocation');
    const authorize = await withEnv(authorizerEnv, async () => {
      const module = (await import(`${pathToFileURL(paths['token-authorizer']!).href}?bench=${randomUUID()}`)) as {
        handler: (event: unknown) => Promise<unknown>;
      };
      return module.handler;
    });
    const event = tokenEvent((await issuer.mint()).token);
    for (let i = 0; i < 50; i += 1) await authorize(event);
    const authorizerTimes: number[] = [];
    const calls = quick ? 100 : 400;
    for (let r = 0; r < (quick ? 3 : 7); r += 1) {
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) await authorize(event);
      authorizerTimes.push(((performance.now() - started) * 1000) / calls);
    }

    const commit = baselineRoot === undefined ? undefined : gitCommit(baselineRoot);
    return {
      status: 'measured',
      coldStart,
      notesColdInitMs,
      bundleBytes: sizes,
      warm,
      authorizerUs: round(median(authorizerTimes), 0),
      ...(baselineRoot !== undefined && baselinePaths !== undefined && pairedColdStart && baselineWarm
        ? {
            baseline: {
              root: baselineRoot,
              ...(commit ? { commit } : {}),
              bundleBytes: baselineBundles?.sizes ?? {},
              rounds: pairedRounds,
              coldStart: pairedColdStart,
              warm: baselineWarm,
            },
          }
        : {}),
    };
  } finally {
    documents.destroy();
    await issuer.close();
    await dynamodb.close();
    await secrets.close();
  }
}
