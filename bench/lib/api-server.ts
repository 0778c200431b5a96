/**
 * The project's API as it runs in production: the compiled server (`apps/server/dist/main.js`,
 * built by `tsc -b`) in a child process of its own, configured only through its environment,
 * with its log (pino JSON at `info`, on stdout) going to a file. Token verification is real:
 * the server fetches the bench's JWKS at start and checks every new token's RS256 signature.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readyFromFile, type StartedChild, startChild, whenReady } from './processes.ts';
import { CLIENT_ID, type TokenIssuer, USER_POOL_ID } from './tokens.ts';

export interface ApiServer {
  readonly child: StartedChild;
  readonly url: string;
  readonly logFile: string;
}

export interface ApiServerOptions {
  /** The repository whose build runs (this one by default; another checkout to measure a baseline). */
  readonly root: string;
  readonly name: string;
  readonly logFile: string;
  readonly tokens: TokenIssuer;
  readonly store: 'memory' | { readonly dynamoDbEndpoint: string; readonly tableName: string };
  /** `node --cpu-prof` into this folder (the profile is written when the server exits). */
  readonly cpuProfileDir?: string;
  readonly logLevel?: string;
  /** Settings that replace the production ones (an experiment: `RATE_LIMIT_PER_MINUTE: '0'`). */
  readonly env?: Readonly<Record<string, string>>;
}

const RATE_LIMIT_OUT_OF_REACH = 1_000_000_000;

/** The variables a shell usually has, and nothing of the caller's AWS or app settings. */
function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const fd = openSync(options.logFile, 'w');
  const storage =
    options.store === 'memory'
      ? { NOTES_STORE: 'memory' }
      : {
          NOTES_STORE: 'dynamodb',
          DYNAMODB_ENDPOINT: options.store.dynamoDbEndpoint,
          NOTES_TABLE: options.store.tableName,
          AWS_REGION: 'us-east-1',
        };
  let child: StartedChild;
  try {
    child = startChild({
      name: options.name,
      command: process.execPath,
      args: [
        ...(options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]),
        join(options.root, 'apps/server/dist/main.js'),
      ],
      cwd: options.root,
      env: {
        ...baseEnvironment(),
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: options.logLevel ?? 'info',
        COGNITO_USER_POOL_ID: USER_POOL_ID,
        COGNITO_CLIENT_IDS: CLIENT_ID,
        COGNITO_ISSUER: options.tokens.issuer,
        COGNITO_JWKS_URI: options.tokens.jwksUri,
        NOTES_CURSOR_SECRET: randomBytes(32).toString('hex'),
        // One load generator is one address and one caller per route: limits out of its reach
        // keep the limiters running, as in production, without answering it 429.
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_OUT_OF_REACH),
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(RATE_LIMIT_OUT_OF_REACH),
        ...storage,
        ...options.env,
      },
      stdout: fd,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
  const url = await whenReady(
    child,
    readyFromFile(child, options.logFile, (line) => {
      try {
        const record = JSON.parse(line) as { url?: unknown; msg?: unknown };
        return typeof record.url === 'string' && record.msg === 'Secure Notes API listening' ? record.url : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return { child, url, logFile: options.logFile };
}

export interface RequestLogCount {
  /** Lines that record a request (they carry `req` and `res`). */
  readonly requestLines: number;
  /** Request lines at `error` or above. */
  readonly errorLines: number;
  /** Lines that are not JSON at all. */
  readonly unparsable: number;
}

/** Counts the request lines of a server's log; read it after the server exited (the log is flushed then). */
export async function countRequestLines(logFile: string): Promise<RequestLogCount> {
  let requestLines = 0;
  let errorLines = 0;
  let unparsable = 0;
  for await (const line of createInterface({ input: createReadStream(logFile), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!line) continue;
    let record: { req?: unknown; res?: unknown; level?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      unparsable += 1;
      continue;
    }
    if (record.req !== undefined && record.res !== undefined) {
      requestLines += 1;
      if (typeof record.level === 'number' && record.level >= 50) errorLines += 1;
    }
  }
  return { requestLines, errorLines, unparsable };
}
