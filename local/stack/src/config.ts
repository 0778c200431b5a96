/**
 * `npm start`'s configuration: the stack's own settings (ports, where data lives, which store,
 * which runtime) and the settings of the services it starts, read with the schemas those
 * services read themselves (the server's, the contract's, the table's, the verifier's), so that
 * `CORS_ORIGINS=… npm start` configures the API exactly as it configures the container. The
 * result is typed: the stack hands the services their configurations, never an environment of
 * strings, and a setting that cannot apply to the chosen store or runtime is named at start.
 */
import {
  COGNITO_ENV,
  type CognitoTokenVerifierConfig,
  cognitoTokenVerifierConfig,
  DYNAMODB_ENV,
} from '@secure-notes/adapters-aws';
import type { AttachmentSettings } from '@secure-notes/domain';
import { API_ENV, ATTACHMENTS_ENV, attachmentSettings } from '@secure-notes/http-api';
import { LOCAL_COGNITO_ENV } from '@secure-notes/local-cognito';
import { SERVER_ENV } from '@secure-notes/server';
import {
  documented,
  type Env,
  httpUrl,
  LOGGING_ENV,
  type LogLevel,
  oneOf,
  port,
  type ReadEnvOptions,
  readEnv,
  text,
} from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { AUTHORIZER_MODES, type AuthorizerMode } from './lambda-runtime.js';

/** The stack's own variables. */
export const LOCAL_STACK_ENV = v.object({
  PORT: documented(v.optional(port(), '3000'), 'the port of the Notes API (0 picks a free one)'),
  COGNITO_PORT: documented(v.optional(port(), '9229'), 'the port of the local Cognito'),
  DYNAMODB_PORT: documented(v.optional(port(), '8000'), 'the port of the DynamoDB emulator'),
  S3_PORT: documented(
    v.optional(port(), '4566'),
    'the port of the local S3 of attachments (it runs whatever NOTES_STORE says)',
  ),
  WEB_PORT: documented(v.optional(port(), '5173'), 'the port of the notes app in a browser'),
  WEB_DEV_PORT: documented(
    v.optional(port(), '5174'),
    "the Vite dev server's port (pnpm --filter @secure-notes/web dev), registered on the app client and in CORS",
  ),
  HOST: documented(
    v.optional(text(/^\S+$/, 'an address such as 127.0.0.1'), '127.0.0.1'),
    'the address every service binds to',
  ),
  DATA_DIR: documented(
    v.optional(text(/\S/, 'a folder')),
    'where users and notes are kept (.data at the repository root; in memory with NOTES_STORE=memory)',
  ),
  NOTES_STORE: documented(
    v.optional(oneOf(['embedded', 'memory', 'dynamodb']), 'embedded'),
    '"embedded" (the emulator, default), "memory" (nothing kept; Express only) or "dynamodb" (your table: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT)',
  ),
  API_RUNTIME: documented(
    v.optional(oneOf(['express', 'lambda']), 'express'),
    '"express" (the Express server, default) or "lambda" (the Lambda bundles behind the local API Gateway)',
  ),
  AUTHORIZER: documented(
    v.optional(oneOf(AUTHORIZER_MODES as [AuthorizerMode, ...AuthorizerMode[]])),
    'with API_RUNTIME=lambda: "cognito" (default, Part VI), "token" or "request" (a Lambda authorizer, Part VIII)',
  ),
});

/** The local Cognito's settings, when no user pool of your own is given. */
const LOCAL_POOL_ENV = v.object({
  COGNITO_REGION: LOCAL_COGNITO_ENV.entries.COGNITO_REGION,
  COGNITO_JWKS_FETCH_TIMEOUT_MS: COGNITO_ENV.entries.COGNITO_JWKS_FETCH_TIMEOUT_MS,
});

/** The server's settings that the stack passes on; its port, address and store are the stack's own. */
const STACK_SERVER_ENV = v.omit(SERVER_ENV, ['PORT', 'HOST', 'NOTES_STORE']);
/** The contract's settings; the stack makes the page-token secret when none is given. */
const STACK_API_ENV = v.object({
  ...API_ENV.entries,
  NOTES_CURSOR_SECRET: v.optional(API_ENV.entries.NOTES_CURSOR_SECRET),
});

/** Every schema `npm start` reads: what the README's "Settings" paragraph lists. */
export const LOCAL_STACK_SCHEMAS = {
  stack: LOCAL_STACK_ENV,
  logging: LOGGING_ENV,
  server: STACK_SERVER_ENV,
  api: STACK_API_ENV,
  table: DYNAMODB_ENV,
  localPool: LOCAL_POOL_ENV,
  pool: COGNITO_ENV,
  attachments: ATTACHMENTS_ENV,
} as const;

/** `npm run user`'s variables: where the local Cognito is. */
export const USER_CLI_ENV = v.object({
  COGNITO_ENDPOINT: documented(
    v.optional(httpUrl('http://localhost:9229')),
    "the local Cognito's URL (http://localhost:<COGNITO_PORT> by default)",
  ),
  COGNITO_PORT: LOCAL_STACK_ENV.entries.COGNITO_PORT,
  COGNITO_REGION: LOCAL_COGNITO_ENV.entries.COGNITO_REGION,
});

/** The API's settings that the stack's defaults do not fix. */
export interface LocalApiSettings {
  readonly corsOrigins?: readonly string[];
  readonly bodyLimitBytes?: number;
  readonly storageBudgetMs?: number;
  readonly cursorSecret?: string;
  readonly shutdownTimeoutMs?: number;
  readonly rateLimits?: { readonly perCallerPerMinute?: number; readonly perAddressPerMinute?: number };
  readonly trustProxy?: number;
}

/** Your own table (`store: 'dynamodb'`); with the emulator, only its name applies. */
export interface LocalTableSettings {
  readonly tableName?: string;
  readonly region?: string;
  readonly endpoint?: string;
}

/** What configures the services the stack starts. */
export interface LocalServiceSettings {
  readonly api: LocalApiSettings;
  readonly table: LocalTableSettings;
  /** A user pool of your own instead of the local Cognito. */
  readonly userPool?: CognitoTokenVerifierConfig;
  /** The local Cognito's region. */
  readonly cognitoRegion?: string;
  /** A download time limit for the local Cognito's keys. */
  readonly jwksFetchTimeoutMs?: number;
  /** Settings that were given but configure nothing (no COGNITO_USER_POOL_ID for the pool's), each with why. */
  readonly ignored: readonly string[];
  /** The rules of attachments (their bucket is the local S3's). */
  readonly attachments?: AttachmentSettings;
}

export interface LocalStackSettings {
  readonly host: string;
  readonly apiPort: number;
  readonly cognitoPort: number;
  readonly dynamoDbPort: number;
  readonly s3Port: number;
  readonly webPort: number;
  /** The Vite dev server's origin. */
  readonly webDevOrigin: string;
  readonly dataDir?: string;
  readonly store: 'embedded' | 'memory' | 'dynamodb';
  readonly apiRuntime: 'express' | 'lambda';
  readonly authorizer?: AuthorizerMode;
  readonly logLevel: LogLevel;
  readonly services: LocalServiceSettings;
}

function given(env: Env, name: string): boolean {
  return (env[name]?.trim() ?? '') !== '';
}

const POOL_ONLY = ['COGNITO_CLIENT_IDS', 'COGNITO_ISSUER', 'COGNITO_JWKS_URI'] as const;

/**
 * Reads `npm start`'s environment; throws a `ConfigError` that lists every problem.
 *
 * @example
 * const settings = localStackSettingsFromEnv(process.env);
 * const stack = await startLocalStack({ ...settings, logger });
 */
export function localStackSettingsFromEnv(
  env: Env,
  options: Pick<ReadEnvOptions, 'onWarning'> = {},
): LocalStackSettings {
  const realPool = given(env, 'COGNITO_USER_POOL_ID');
  const parts = readEnv(
    {
      ...LOCAL_STACK_SCHEMAS,
      localPool: realPool ? undefined : LOCAL_POOL_ENV,
      pool: realPool ? COGNITO_ENV : undefined,
    },
    env,
    {
      ...options,
      heading: 'npm start: set these environment variables and start again',
    },
  );
  const { stack } = parts;
  return {
    host: stack.HOST,
    apiPort: stack.PORT,
    cognitoPort: stack.COGNITO_PORT,
    dynamoDbPort: stack.DYNAMODB_PORT,
    s3Port: stack.S3_PORT,
    webPort: stack.WEB_PORT,
    webDevOrigin: `http://localhost:${stack.WEB_DEV_PORT}`,
    ...(stack.DATA_DIR === undefined ? {} : { dataDir: stack.DATA_DIR }),
    store: stack.NOTES_STORE,
    apiRuntime: stack.API_RUNTIME,
    ...(stack.AUTHORIZER === undefined ? {} : { authorizer: stack.AUTHORIZER }),
    logLevel: parts.logging.LOG_LEVEL,
    services: servicesOf(parts, env),
  };
}

/**
 * The settings of the services alone, from an environment (what a test hands `startLocalStack`
 * as `environment`): the same schemas as `npm start`.
 */
export function localServiceSettingsFromEnv(env: Env): LocalServiceSettings {
  const realPool = given(env, 'COGNITO_USER_POOL_ID');
  const parts = readEnv(
    {
      server: STACK_SERVER_ENV,
      api: STACK_API_ENV,
      table: DYNAMODB_ENV,
      localPool: realPool ? undefined : LOCAL_POOL_ENV,
      pool: realPool ? COGNITO_ENV : undefined,
      attachments: ATTACHMENTS_ENV,
    },
    env,
  );
  return servicesOf(parts, env);
}

function servicesOf(
  parts: {
    readonly server: v.InferOutput<typeof STACK_SERVER_ENV>;
    readonly api: v.InferOutput<typeof STACK_API_ENV>;
    readonly table: v.InferOutput<typeof DYNAMODB_ENV>;
    readonly localPool: v.InferOutput<typeof LOCAL_POOL_ENV> | undefined;
    readonly pool: v.InferOutput<typeof COGNITO_ENV> | undefined;
    readonly attachments: v.InferOutput<typeof ATTACHMENTS_ENV>;
  },
  env: Env,
): LocalServiceSettings {
  const { server, api, table, localPool, pool } = parts;
  // Only what was given: the stack's own defaults (roomier rate limits, a shorter shutdown) stand otherwise.
  const ifGiven = <T>(name: string, value: T) => (given(env, name) ? value : undefined);
  const apiSettings: LocalApiSettings = stripUndefined({
    corsOrigins: api.CORS_ORIGINS,
    bodyLimitBytes: ifGiven('BODY_LIMIT_BYTES', api.BODY_LIMIT_BYTES),
    storageBudgetMs: ifGiven('STORAGE_BUDGET_MS', api.STORAGE_BUDGET_MS),
    cursorSecret: api.NOTES_CURSOR_SECRET,
    shutdownTimeoutMs: ifGiven('SHUTDOWN_TIMEOUT_MS', server.SHUTDOWN_TIMEOUT_MS),
    rateLimits:
      given(env, 'RATE_LIMIT_PER_MINUTE') || given(env, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE')
        ? stripUndefined({
            perCallerPerMinute: ifGiven('RATE_LIMIT_PER_MINUTE', server.RATE_LIMIT_PER_MINUTE),
            perAddressPerMinute: ifGiven('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', server.RATE_LIMIT_PER_ADDRESS_PER_MINUTE),
          })
        : undefined,
    trustProxy: ifGiven('TRUST_PROXY', server.TRUST_PROXY),
  });
  const ignored = pool
    ? []
    : POOL_ONLY.filter((name) => given(env, name)).map(
        (name) =>
          `${name} is ignored: it configures your own user pool, with COGNITO_USER_POOL_ID (the local Cognito runs instead)`,
      );
  return {
    api: apiSettings,
    table: stripUndefined({
      tableName: ifGiven('NOTES_TABLE', table.NOTES_TABLE),
      region: table.AWS_REGION,
      endpoint: table.DYNAMODB_ENDPOINT,
    }),
    ...(pool ? { userPool: cognitoTokenVerifierConfig(pool) } : {}),
    ...(localPool?.COGNITO_REGION === undefined ? {} : { cognitoRegion: localPool.COGNITO_REGION }),
    ...(localPool?.COGNITO_JWKS_FETCH_TIMEOUT_MS === undefined
      ? {}
      : { jwksFetchTimeoutMs: localPool.COGNITO_JWKS_FETCH_TIMEOUT_MS }),
    ignored,
    attachments: attachmentSettings(parts.attachments),
  };
}

/** The entries that have a value: an absent setting leaves the stack's default in place. */
function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
