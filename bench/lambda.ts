/**
 * The Lambda section of `pnpm bench`: the bundles as they deploy (built fresh by
 * scripts/build-lambdas.mjs), measured three ways.
 *
 * - Cold start: a fresh Node process imports the bundle until the handler is ready (the
 *   authorizer's top-level await loads its JWKS, the notes function's reads its page-token
 *   secret from the local Secrets Manager stand-in), median of several, against two floors: an
 *   empty module, and a module that only imports `node:http` and `node:https`, which the Lambda
 *   runtime has loaded before it imports a handler (its runtime API client speaks HTTP). The
 *   issue's target, cold init ≤ 55 ms, is the bundle above the runtime's floor.
 * - Warm invocation: the notes bundle imported in this process and invoked with API Gateway
 *   proxy events for `GET /notes/{id}` (a Cognito authorizer's claims, as API Gateway passes
 *   them) against the bare SDK call it wraps (the document client's consistent `GetItem`, with
 *   the repository's settings), on the embedded emulator, in interleaved rounds; the ratio is
 *   per round and the median is reported. The function's log line per invocation is written as
 *   in production (to stdout, captured here and counted).
 * - The TOKEN authorizer per invocation, with a real RS256 ID token (API Gateway caches its
 *   answers; each invocation verifies).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median, pairedRatio, round } from './lib/stats.ts';
import { CLIENT_ID, startTokenIssuer, USER_POOL_ID } from './lib/tokens.ts';
import { importFromWorkspace, REPO_ROOT } from './lib/workspace.ts';

export interface ColdStart {
  /** Median milliseconds from the process's start until the module (and its top-level await) finished loading. */
  readonly medianMs: number;
  /** Median milliseconds of the import itself: the module's init, above what was loaded before it. */
  readonly initMedianMs: number;
  readonly runs: readonly number[];
}

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

export interface LambdaBenchResult {
  readonly status: 'measured' | 'pending';
  readonly reason?: string;
  readonly coldStart?: Readonly<Record<string, ColdStart>>;
  /** The notes bundle's cold init above the runtime's floor (node:http and node:https loaded), in ms. */
  readonly notesColdInitMs?: number;
  readonly bundleBytes?: Readonly<Record<string, { readonly bytes: number; readonly gzipBytes: number }>>;
  readonly warm?: WarmComparison;
  /** Median microseconds per TOKEN authorizer invocation. */
  readonly authorizerUs?: number;
}

/**
 * Starts a fresh Node process `runs` times and reads, in it, how long the import of the module
 * (and its top-level await) took, and how long after the process's start it was ready
 * (`performance.now()` counts from the process's start). With `preload`, those built-in modules
 * are required first, as the Lambda runtime has them loaded before it imports a handler, and
 * the import time is what the module adds on top: its init.
 */
export async function measureColdStart(
  modulePath: string,
  {
    runs = 7,
    env = {},
    preload = [],
  }: { runs?: number; env?: Readonly<Record<string, string>>; preload?: readonly string[] } = {},
): Promise<ColdStart> {
  const script = [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(pathToFileURL(modulePath).href)});`,
    ...preload.map((name) => `require(${JSON.stringify(name)});`),
    'const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(modulePath).href)});`,
    'process.stdout.write(JSON.stringify({ init: performance.now() - started, ready: performance.now() }));',
  ].join('\n');
  const inits: number[] = [];
  const readies: number[] = [];
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
    const { init, ready } = JSON.parse(output) as { init: number; ready: number };
    inits.push(init);
    readies.push(ready);
  }
  return {
    medianMs: round(median(readies), 1),
    initMedianMs: round(median(inits), 1),
    runs: readies.map((t) => round(t, 1)),
  };
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

type Env = Record<string, string>;

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

function claimsFor(sub: string): Record<string, string> {
  return {
    sub,
    token_use: 'id',
    aud: CLIENT_ID,
    email: `${sub}@example.com`,
    'cognito:username': sub,
    exp: 'Tue Jun 18 15:00:04 UTC 2099',
  };
}

function proxyEvent(method: string, resource: string, path: string, sub: string, extra: Record<string, unknown> = {}) {
  return {
    resource,
    path,
    httpMethod: method,
    headers: { Host: 'bench.execute-api.us-east-1.amazonaws.com', 'Content-Type': 'application/json' },
    multiValueHeaders: { Host: ['bench.execute-api.us-east-1.amazonaws.com'], 'Content-Type': ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      stage: 'dev',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: '30/Nov/2026:10:00:00 +0000',
      requestTimeEpoch: Date.now(),
      resourcePath: resource,
      httpMethod: method,
      path: `/dev${path}`,
      identity: { sourceIp: '203.0.113.7', userAgent: 'bench' },
      authorizer: { claims: claimsFor(sub) },
    },
    ...extra,
  };
}

function lambdaContext() {
  const deadline = Date.now() + 10_000;
  return {
    awsRequestId: randomUUID(),
    functionName: 'NotesAPI',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:NotesAPI',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/NotesAPI',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

export async function runLambdaBench(
  progress: (line: string) => void,
  { quick = false }: { quick?: boolean } = {},
): Promise<LambdaBenchResult> {
  const { buildLambdas } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/build-lambdas.mjs')).href)) as {
    buildLambdas(options: { quiet: boolean }): Promise<{ name: string; file: string; bytes: number }[]>;
  };
  progress('lambda: building the bundles');
  const built = await buildLambdas({ quiet: true });
  const paths = Object.fromEntries(built.map((bundle) => [bundle.name, join(REPO_ROOT, bundle.file)]));
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
  const secrets = await startSecretsManagerStandIn([
    { arn: cursorSecretArn, name: 'bench-cursor-secret', value: 'b'.repeat(40) },
  ]);
  const dynamodb = await startEmbeddedDynamoDb();
  const issuer = await startTokenIssuer();
  const documents = aws.createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint, env: {} });
  try {
    const table = `notes-bench-${randomUUID()}`;
    await aws.ensureNotesTable(documents, table);
    const credentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    const notesEnv: Env = {
      AWS_REGION: 'us-east-1',
      NOTES_TABLE: table,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      NOTES_CURSOR_SECRET_ID: cursorSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
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
    const runs = quick ? 3 : 9;

    progress(`lambda: cold starts (${runs} fresh processes each)`);
    // The Lambda runtime has node:http and node:https loaded (its runtime API client speaks
    // HTTP) before it imports a handler: the init that counts is what the bundle adds to that.
    const runtime = ['node:http', 'node:https'];
    const emptyFile = join(REPO_ROOT, 'bench/servers/empty.mjs');
    const coldStart = {
      'empty module': await measureColdStart(emptyFile, { runs, preload: runtime }),
      notes: await measureColdStart(paths.notes!, { runs, env: notesEnv, preload: runtime }),
      'token-authorizer': await measureColdStart(paths['token-authorizer']!, {
        runs,
        env: authorizerEnv,
        preload: runtime,
      }),
    };
    const notesColdInitMs = coldStart.notes.initMedianMs;

    progress('lambda: warm invocations against the bare SDK call');
    // The function's environment stays for the whole measurement: the SDK reads its credentials
    // from it on the first call, as on Lambda.
    const restoreEnv = setEnv(notesEnv);
    const module = (await import(`${pathToFileURL(paths.notes!).href}?bench=${randomUUID()}`)) as { handler: Handler };
    const handler = module.handler;
    const sub = randomUUID();
    const created = await capturingStdout(() =>
      handler(
        proxyEvent('POST', '/notes', '/notes', sub, { body: '{"title":"bench","content":"warm"}' }),
        lambdaContext(),
      ),
    );
    if (created.value.statusCode !== 201)
      throw new Error(`the notes handler could not create a note: ${created.value.body}`);
    const noteId = (JSON.parse(created.value.body) as { noteId: string }).noteId;
    const getEvent = () =>
      proxyEvent('GET', '/notes/{noteId}', `/notes/${noteId}`, sub, { pathParameters: { noteId } });
    const rounds = quick ? 3 : 7;
    const calls = quick ? 100 : 400;
    // Within a round the two alternate in slices, so that a slow spell of the shared machine
    // falls on both alike; each round's ratio is of the two sums.
    const slice = 50;
    const handlerUs: number[] = [];
    const sdkUs: number[] = [];
    let logLines = 0;
    // Warm-up: the first calls open connections and let the JIT settle.
    await capturingStdout(async () => {
      for (let i = 0; i < 50; i += 1) await handler(getEvent(), lambdaContext());
    });
    for (let i = 0; i < 50; i += 1) {
      await documents.send(new GetCommand({ TableName: table, Key: { userId: sub, noteId }, ConsistentRead: true }));
    }
    for (let round = 0; round < rounds; round += 1) {
      let handlerMs = 0;
      let sdkMs = 0;
      for (let done = 0; done < calls; done += slice) {
        const timed = await capturingStdout(async () => {
          const started = performance.now();
          for (let i = 0; i < slice; i += 1) {
            const response = await handler(getEvent(), lambdaContext());
            if (response.statusCode !== 200) throw new Error(`the notes handler answered ${response.statusCode}`);
          }
          return performance.now() - started;
        });
        handlerMs += timed.value;
        logLines += timed.lines;
        const started = performance.now();
        for (let i = 0; i < slice; i += 1) {
          const { Item } = await documents.send(
            new GetCommand({ TableName: table, Key: { userId: sub, noteId }, ConsistentRead: true }),
          );
          if (Item === undefined) throw new Error('the bare GetItem found no note');
        }
        sdkMs += performance.now() - started;
      }
      handlerUs.push((handlerMs * 1000) / calls);
      sdkUs.push((sdkMs * 1000) / calls);
    }
    const warm: WarmComparison = {
      handlerUs: round(median(handlerUs), 0),
      sdkUs: round(median(sdkUs), 0),
      ratio: round(pairedRatio(handlerUs, sdkUs), 2),
      rounds,
      callsPerRound: calls,
      logLines,
      invocations: rounds * calls,
    };

    restoreEnv();

    progress('lambda: the TOKEN authorizer per invocation');
    const authorize = await withEnv(authorizerEnv, async () => {
      const module = (await import(`${pathToFileURL(paths['token-authorizer']!).href}?bench=${randomUUID()}`)) as {
        handler: (event: unknown) => Promise<unknown>;
      };
      return module.handler;
    });
    const { token } = await issuer.mint();
    const tokenEvent = {
      type: 'TOKEN',
      authorizationToken: token,
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:bench/dev/GET/notes',
    };
    for (let i = 0; i < 50; i += 1) await authorize(tokenEvent);
    const authorizerTimes: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) await authorize(tokenEvent);
      authorizerTimes.push(((performance.now() - started) * 1000) / calls);
    }

    return {
      status: 'measured',
      coldStart,
      notesColdInitMs,
      bundleBytes: bundleSizes(paths),
      warm,
      authorizerUs: round(median(authorizerTimes), 0),
    };
  } finally {
    documents.destroy();
    await issuer.close();
    await dynamodb.close();
    await secrets.close();
  }
}
