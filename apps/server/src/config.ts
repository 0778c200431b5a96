/**
 * The server's configuration, read from the environment once at start and validated, so that
 * a mistake stops the process with a message naming the variable, what is wrong with it and
 * what it is for, instead of failing on the first request. The settings of each adapter are read
 * by the adapter's own reader (the Cognito verifier's, the DynamoDB store's, the contract's CORS
 * origins), so the server and every other app accept exactly the same values; only the server's
 * own settings are checked here.
 */
import {
  type CognitoTokenVerifierConfig,
  cognitoTokenVerifierConfigFromEnv,
  dynamoDbStoreConfigFromEnv,
  type S3StorageConfig,
  s3StorageConfigFromEnv,
} from '@secure-notes/adapters-aws';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from '@secure-notes/adapters-express';
import type { AttachmentSettings } from '@secure-notes/domain';
import {
  ATTACHMENT_ENV_HELP,
  attachmentSettingsFromEnv,
  corsOriginsFromEnv,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_STORAGE_BUDGET_MS,
} from '@secure-notes/http-api';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/** What each variable is for; printed with any error about it. */
export const CONFIG_HELP: Readonly<Record<string, string>> = {
  PORT: 'the port the API listens on (0 picks a free one)',
  HOST: 'the address the API binds to',
  NOTES_STORE: '"dynamodb" (default) or "memory" (nothing survives a restart)',
  NOTES_TABLE: 'the DynamoDB table of notes (the tutorial calls it Notes)',
  AWS_REGION: 'the AWS region of the table (the user pool’s region by default)',
  DYNAMODB_ENDPOINT: 'a DynamoDB-compatible endpoint such as http://localhost:8000 (omit for AWS)',
  COGNITO_USER_POOL_ID: 'the Cognito user pool whose tokens the API accepts, e.g. us-east-1_AbC123xyz',
  COGNITO_CLIENT_IDS: 'the app client ids whose tokens are accepted, comma-separated',
  COGNITO_ISSUER: 'the token issuer when it is not AWS Cognito, e.g. http://localhost:9229/us-east-1_AbC123xyz',
  COGNITO_JWKS_URI: 'where the signing keys are, when not at {issuer}/.well-known/jwks.json',
  COGNITO_JWKS_FETCH_TIMEOUT_MS: 'how long one download of the signing keys may take',
  NOTES_CURSOR_SECRET: 'a random secret of 32+ characters that seals list page tokens; the same on every instance',
  CORS_ORIGINS: 'browser origins allowed to call the API, comma-separated (none by default)',
  LOG_LEVEL: 'fatal, error, warn, info, debug or trace',
  BODY_LIMIT_BYTES: 'the largest request body accepted',
  SHUTDOWN_TIMEOUT_MS: 'how long a shutdown waits for requests in flight',
  STORAGE_BUDGET_MS: 'how long storage may take for one request, retries included, before the answer is a 503',
  RATE_LIMIT_PER_MINUTE: 'requests per minute one caller (token sub) may send before a 429; 0 for no limit',
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE:
    'requests per minute one address may send before its token is checked; 0 for no limit',
  TRUST_PROXY: 'how many proxies (a load balancer) stand in front, whose X-Forwarded-For gives the client address',
  ...ATTACHMENT_ENV_HELP,
};

/** The server's own settings. */
const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NOTES_STORE: z.enum(['dynamodb', 'memory']).default('dynamodb'),
  NOTES_CURSOR_SECRET: z.string({ message: 'is required' }).min(32, 'must be at least 32 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_BODY_LIMIT_BYTES),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  STORAGE_BUDGET_MS: z.coerce.number().int().min(100).default(DEFAULT_STORAGE_BUDGET_MS),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perCallerPerMinute),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perAddressPerMinute),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

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
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly storageBudgetMs: number;
  readonly rateLimits: RateLimitOptions;
  readonly trustProxy: number;
  /** The attachment bucket and its rules; absent without `ATTACHMENTS_BUCKET`. */
  readonly attachments?: { readonly bucket: S3StorageConfig; readonly settings: AttachmentSettings };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `NAME …` as one line of the error, with what the variable is for. */
function line(message: string): string {
  const name = /^[A-Z][A-Z0-9_]+/.exec(message)?.[0] ?? '';
  return `  - ${message}${CONFIG_HELP[name] ? ` (${CONFIG_HELP[name]})` : ''}`;
}

/**
 * Reads the configuration from environment variables; throws a `ConfigError` that lists every
 * problem, one variable a line.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const problems: string[] = [];
  const read = <T>(reader: () => T): T | undefined => {
    try {
      return reader();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const own = schema.safeParse(present);
  if (!own.success) {
    for (const issue of own.error.issues) {
      const name = String(issue.path[0] ?? '');
      const message = issue.code === 'invalid_type' && present[name] === undefined ? 'is required' : issue.message;
      problems.push(`${name} ${message}`);
    }
  }
  const cognito = read(() => cognitoTokenVerifierConfigFromEnv(present));
  const poolRegion = cognito?.userPoolId.split('_')[0];
  const table = read(() => dynamoDbStoreConfigFromEnv(present, poolRegion === undefined ? {} : { region: poolRegion }));
  const corsOrigins = read(() => corsOriginsFromEnv(present.CORS_ORIGINS));
  const bucket = read(() => s3StorageConfigFromEnv(present, poolRegion === undefined ? {} : { region: poolRegion }));
  const attachmentSettings = read(() => attachmentSettingsFromEnv(present));
  if (
    !own.success ||
    cognito === undefined ||
    table === undefined ||
    corsOrigins === undefined ||
    attachmentSettings === undefined ||
    problems.length > 0
  ) {
    throw new ConfigError(
      `Invalid configuration; set these environment variables and start again:\n${problems.map(line).join('\n')}`,
    );
  }
  const settings = own.data;
  return {
    port: settings.PORT,
    host: settings.HOST,
    store: settings.NOTES_STORE,
    tableName: table.tableName,
    region: table.region,
    ...(table.endpoint === undefined ? {} : { dynamoDbEndpoint: table.endpoint }),
    cognito,
    cursorSecret: settings.NOTES_CURSOR_SECRET,
    corsOrigins,
    logLevel: settings.LOG_LEVEL,
    bodyLimitBytes: settings.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    storageBudgetMs: settings.STORAGE_BUDGET_MS,
    rateLimits: {
      perCallerPerMinute: settings.RATE_LIMIT_PER_MINUTE,
      perAddressPerMinute: settings.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    },
    trustProxy: settings.TRUST_PROXY,
    ...(bucket === undefined ? {} : { attachments: { bucket, settings: attachmentSettings } }),
  };
}
