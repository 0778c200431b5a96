/**
 * The server's configuration, read from the environment once at start and validated, so that
 * a mistake stops the process with a message naming the variable, what is wrong with it and
 * what it is for, instead of failing on the first request.
 */
import { z } from 'zod';

const csv = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()));

const port = z.coerce.number().int().min(0).max(65535);

/** A browser origin: scheme, host and port, as browsers send it in `Origin` (a trailing `/` is dropped). */
const origin = z.string().transform((value, context) => {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash) {
      return url.origin;
    }
  } catch {}
  context.addIssue({ code: 'custom', message: 'must be origins such as https://app.example.com (no path)' });
  return z.NEVER;
});

/** What each variable is for; printed with any error about it. */
export const CONFIG_HELP: Readonly<Record<string, string>> = {
  PORT: 'the port the API listens on (0 picks a free one)',
  HOST: 'the address the API binds to',
  NOTES_STORE: '"dynamodb" (default) or "memory" (nothing survives a restart)',
  NOTES_TABLE: 'the DynamoDB table of notes (the seed calls it Notes)',
  AWS_REGION: 'the AWS region of the table and the user pool',
  DYNAMODB_ENDPOINT: 'a DynamoDB-compatible endpoint such as http://localhost:8000 (omit for AWS)',
  COGNITO_USER_POOL_ID: 'the Cognito user pool whose tokens the API accepts, e.g. us-east-1_AbC123xyz',
  COGNITO_CLIENT_IDS: 'the app client ids whose tokens are accepted, comma-separated',
  COGNITO_ISSUER: 'the token issuer when it is not AWS Cognito, e.g. http://localhost:9229/us-east-1_AbC123xyz',
  COGNITO_JWKS_URI: 'where the signing keys are, when not at {issuer}/.well-known/jwks.json',
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
};

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    NOTES_STORE: z.enum(['dynamodb', 'memory']).default('dynamodb'),
    NOTES_TABLE: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)')
      .default('Notes'),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
      .optional(),
    DYNAMODB_ENDPOINT: z.url({ message: 'must be a URL such as http://localhost:8000' }).optional(),
    COGNITO_USER_POOL_ID: z
      .string({ message: 'is required' })
      .regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbC123xyz'),
    COGNITO_CLIENT_IDS: csv.pipe(z.array(z.string().regex(/^[\w+]+$/, 'must be app client ids')).min(1, 'is required')),
    COGNITO_ISSUER: z.url({ message: 'must be a URL' }).optional(),
    COGNITO_JWKS_URI: z.url({ message: 'must be a URL' }).optional(),
    NOTES_CURSOR_SECRET: z.string({ message: 'is required' }).min(32, 'must be at least 32 characters'),
    CORS_ORIGINS: csv.pipe(z.array(origin)).default([]),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(300 * 1024),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    STORAGE_BUDGET_MS: z.coerce.number().int().min(100).default(3_000),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  })
  .superRefine((env, context) => {
    if (env.COGNITO_JWKS_URI !== undefined && env.COGNITO_ISSUER === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['COGNITO_JWKS_URI'],
        message: 'needs COGNITO_ISSUER too (for AWS Cognito, set neither: the keys are found from the pool id)',
      });
    }
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    store: env.NOTES_STORE,
    tableName: env.NOTES_TABLE,
    region: env.AWS_REGION ?? env.COGNITO_USER_POOL_ID.split('_')[0]!,
    ...(env.DYNAMODB_ENDPOINT ? { dynamoDbEndpoint: env.DYNAMODB_ENDPOINT } : {}),
    cognito: {
      userPoolId: env.COGNITO_USER_POOL_ID,
      clientIds: env.COGNITO_CLIENT_IDS,
      ...(env.COGNITO_ISSUER ? { issuer: env.COGNITO_ISSUER } : {}),
      ...(env.COGNITO_JWKS_URI ? { jwksUri: env.COGNITO_JWKS_URI } : {}),
    },
    cursorSecret: env.NOTES_CURSOR_SECRET,
    corsOrigins: env.CORS_ORIGINS,
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    storageBudgetMs: env.STORAGE_BUDGET_MS,
    rateLimits: {
      perCallerPerMinute: env.RATE_LIMIT_PER_MINUTE,
      perAddressPerMinute: env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    },
    trustProxy: env.TRUST_PROXY,
  }));

export type ServerConfig = z.output<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables; throws a `ConfigError` that lists every
 * problem, one variable a line.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const message = issue.code === 'invalid_type' && env[name] === undefined ? 'is required' : issue.message;
    return `  - ${name} ${message}${CONFIG_HELP[name] ? ` (${CONFIG_HELP[name]})` : ''}`;
  });
  throw new ConfigError(`Invalid configuration; set these environment variables and start again:\n${lines.join('\n')}`);
}
