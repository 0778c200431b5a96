/**
 * The server's configuration, read from the environment once at start, so that a mistake stops
 * the process with every problem listed, each naming the variable, what is wrong with it and
 * what it is for, instead of failing on the first request. The variables of each adapter come
 * from the adapter's own schema (the Cognito verifier's, the DynamoDB store's, the contract's),
 * so the server, the Lambda functions and the local stack accept exactly the same values; only
 * the server's own settings are defined here. `ServerConfig` is what the server runs on: the
 * local stack builds one directly, typed, rather than through an environment of strings.
 */
import {
  COGNITO_ENV,
  type CognitoTokenVerifierConfig,
  cognitoTokenVerifierConfig,
  DYNAMODB_ENV,
  dynamoDbStoreConfig,
  poolRegion,
  S3_ENV,
  type S3StorageConfig,
  s3StorageConfig,
} from '@secure-notes/adapters-aws';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from '@secure-notes/adapters-express';
import type { AttachmentSettings } from '@secure-notes/domain';
import { API_ENV, ATTACHMENTS_ENV, attachmentSettings } from '@secure-notes/http-api';
import {
  documented,
  type Env,
  LOGGING_ENV,
  type LogLevel,
  oneOf,
  port,
  type ReadEnvOptions,
  readEnv,
  text,
  wholeNumber,
} from '@secure-notes/service-kit/config';
import * as v from 'valibot';

export { ConfigError } from '@secure-notes/service-kit/config';

/** The server's own variables. */
export const SERVER_ENV = v.object({
  PORT: documented(v.optional(port(), '3000'), 'the port the API listens on (0 picks a free one)'),
  HOST: documented(v.optional(text(/^\S+$/, 'an address such as 0.0.0.0'), '0.0.0.0'), 'the address the API binds to'),
  NOTES_STORE: documented(
    v.optional(oneOf(['dynamodb', 'memory']), 'dynamodb'),
    '"dynamodb" (default) or "memory" (nothing survives a restart)',
  ),
  SHUTDOWN_TIMEOUT_MS: documented(
    v.optional(wholeNumber(0, Number.MAX_SAFE_INTEGER, 'milliseconds'), '10000'),
    'how long a shutdown waits for requests in flight (10000 ms by default)',
  ),
  RATE_LIMIT_PER_MINUTE: documented(
    v.optional(wholeNumber(0), String(DEFAULT_RATE_LIMITS.perCallerPerMinute)),
    `requests per minute one caller (token sub) may send before a 429 (${DEFAULT_RATE_LIMITS.perCallerPerMinute}); 0 for no limit`,
  ),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: documented(
    v.optional(wholeNumber(0), String(DEFAULT_RATE_LIMITS.perAddressPerMinute)),
    `requests per minute one address may send before its token is checked (${DEFAULT_RATE_LIMITS.perAddressPerMinute}); 0 for no limit`,
  ),
  TRUST_PROXY: documented(
    v.optional(wholeNumber(0, 10), '0'),
    'how many proxies (a load balancer) stand in front, whose X-Forwarded-For gives the client address',
  ),
});

/** Every schema the server reads, by part: what the README's variable table lists. */
export const SERVER_SCHEMAS = {
  server: SERVER_ENV,
  logging: LOGGING_ENV,
  api: API_ENV,
  cognito: COGNITO_ENV,
  table: DYNAMODB_ENV,
  s3: S3_ENV,
  attachments: ATTACHMENTS_ENV,
} as const;

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly store: 'dynamodb' | 'memory';
  readonly tableName: string;
  readonly region: string;
  readonly dynamoDbEndpoint?: string;
  readonly cognito: CognitoTokenVerifierConfig;
  readonly cursorSecret: string;
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly storageBudgetMs: number;
  readonly rateLimits: RateLimitOptions;
  readonly trustProxy: number;
  /** The attachment bucket and its rules; absent without `ATTACHMENTS_BUCKET`. */
  readonly attachments?: { readonly bucket: S3StorageConfig; readonly settings: AttachmentSettings };
}

/**
 * Reads the configuration from environment variables; throws a `ConfigError` that lists every
 * problem, one variable a line.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Env, options: Pick<ReadEnvOptions, 'onWarning'> = {}): ServerConfig {
  const { server, logging, api, cognito, table, s3, attachments } = readEnv(SERVER_SCHEMAS, env, options);
  const verifier = cognitoTokenVerifierConfig(cognito);
  // The schema checked the pool id, so it names a region: the table's, unless AWS_REGION says otherwise.
  const store = dynamoDbStoreConfig(table, poolRegion(verifier.userPoolId) as string);
  return {
    port: server.PORT,
    host: server.HOST,
    store: server.NOTES_STORE,
    tableName: store.tableName,
    region: store.region,
    ...(store.endpoint === undefined ? {} : { dynamoDbEndpoint: store.endpoint }),
    cognito: verifier,
    cursorSecret: api.NOTES_CURSOR_SECRET,
    corsOrigins: api.CORS_ORIGINS,
    logLevel: logging.LOG_LEVEL,
    bodyLimitBytes: api.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: server.SHUTDOWN_TIMEOUT_MS,
    storageBudgetMs: api.STORAGE_BUDGET_MS,
    rateLimits: {
      perCallerPerMinute: server.RATE_LIMIT_PER_MINUTE,
      perAddressPerMinute: server.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    },
    trustProxy: server.TRUST_PROXY,
    ...attachmentsConfig(s3StorageConfig(s3, store.region), attachmentSettings(attachments)),
  };
}

/** Attachments are on where a bucket is named; the bucket is in the table's region. */
function attachmentsConfig(
  bucket: S3StorageConfig | undefined,
  settings: AttachmentSettings,
): Pick<ServerConfig, 'attachments'> {
  return bucket === undefined ? {} : { attachments: { bucket, settings } };
}
