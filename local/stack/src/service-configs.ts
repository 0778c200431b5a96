/**
 * What the local stack hands each service it starts, typed: the server's `ServerConfig` from the
 * settings and the emulators started, the pool the authorizers trust, the credentials a function
 * needs for your own table, and the notices for settings the chosen store or runtime cannot use.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CognitoTokenVerifierConfig, DEFAULT_NOTES_TABLE, poolRegion } from '@secure-notes/adapters-aws';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_STORAGE_BUDGET_MS } from '@secure-notes/http-api';
import type { LocalCognito } from '@secure-notes/local-cognito';
import type { LocalDynamoDb } from '@secure-notes/local-dynamodb';
import type { ServerConfig } from '@secure-notes/server';
import type { Logger } from 'pino';
import type { LocalServiceSettings } from './config.js';
import type { TrustedPool } from './lambda-runtime.js';
import type { ApiRuntime, LocalStack } from './local-stack.js';

/** The secret that seals page tokens: made once per data folder, so tokens outlive a restart. */
async function cursorSecret(dataDir: string | undefined): Promise<string> {
  if (dataDir === undefined) return randomBytes(32).toString('hex');
  const file = join(dataDir, 'api', 'cursor-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const secret = randomBytes(32).toString('hex');
    await mkdir(join(dataDir, 'api'), { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** A real table in the Lambda runtime: the functions get these from the environment (their role's, on AWS). */
const CREDENTIAL_SETTINGS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export function credentialsOf(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    CREDENTIAL_SETTINGS.flatMap((name) => (environment[name] ? [[name, environment[name]] as [string, string]] : [])),
  );
}

/** Settings given that this stack cannot apply, each naming why: said at start rather than dropped. */
export function noticesFor(
  store: LocalStack['store'],
  runtime: ApiRuntime,
  services: Partial<LocalServiceSettings>,
): string[] {
  const notices = [...(services.ignored ?? [])];
  const table = services.table ?? {};
  const api = services.api ?? {};
  // AWS_REGION goes unsaid: a shell set up for the AWS CLI has it, and neither store needs it.
  if (store === 'memory') {
    for (const [name, value] of [
      ['NOTES_TABLE', table.tableName],
      ['DYNAMODB_ENDPOINT', table.endpoint],
    ] as const) {
      if (value !== undefined)
        notices.push(`${name} is ignored: NOTES_STORE=memory keeps notes in memory, in no table`);
    }
  } else if (store === 'embedded' && table.endpoint !== undefined) {
    notices.push(
      "DYNAMODB_ENDPOINT is ignored: the embedded emulator is the table's endpoint (NOTES_STORE=dynamodb uses yours)",
    );
  }
  if (runtime === 'lambda') {
    for (const [name, value] of [
      ['RATE_LIMIT_PER_MINUTE', api.rateLimits?.perCallerPerMinute],
      ['RATE_LIMIT_PER_ADDRESS_PER_MINUTE', api.rateLimits?.perAddressPerMinute],
      ['TRUST_PROXY', api.trustProxy],
      ['SHUTDOWN_TIMEOUT_MS', api.shutdownTimeoutMs],
    ] as const) {
      if (value !== undefined)
        notices.push(`${name} is ignored: it configures the Express server (API_RUNTIME=express)`);
    }
  }
  return notices;
}

/** The pool the authorizers trust: the local Cognito's, or a real pool's issuer derived from its id. */
export function trustedPool(pool: {
  userPoolId: string;
  clientIds: readonly string[];
  issuer?: string;
  jwksUri?: string;
}): TrustedPool {
  const region = pool.userPoolId.split('_')[0];
  const issuer = pool.issuer ?? `https://cognito-idp.${region}.amazonaws.com/${pool.userPoolId}`;
  return {
    userPoolId: pool.userPoolId,
    clientIds: pool.clientIds,
    issuer,
    jwksUri: pool.jwksUri ?? `${issuer}/.well-known/jwks.json`,
  };
}

export interface ServerConfigInputs {
  readonly apiPort: number;
  readonly host: string;
  readonly store: LocalStack['store'];
  readonly dataDir: string | undefined;
  readonly logger: Logger;
  readonly services: Partial<LocalServiceSettings>;
  /** The local Cognito, unless `services.userPool` names your own. */
  readonly cognito: LocalCognito | undefined;
  /** The embedded emulator, for the `embedded` store. */
  readonly dynamoDb: LocalDynamoDb | undefined;
}

/** The server's configuration, typed: what `loadConfig` would read from an environment, with the stack's defaults. */
export async function serverConfigOf(inputs: ServerConfigInputs): Promise<ServerConfig> {
  const { apiPort, host, store, dataDir, logger, services, cognito, dynamoDb } = inputs;
  const apiSettings = services.api ?? {};
  const table = services.table ?? {};
  const pool: CognitoTokenVerifierConfig = cognito
    ? {
        userPoolId: cognito.userPoolId,
        clientIds: [cognito.clientId, cognito.m2mClientId],
        issuer: cognito.issuer,
        jwksUri: cognito.jwksUri,
        ...(services.jwksFetchTimeoutMs === undefined ? {} : { fetchTimeoutMs: services.jwksFetchTimeoutMs }),
      }
    : (services.userPool as CognitoTokenVerifierConfig);
  return {
    port: apiPort,
    host,
    store: store === 'memory' ? 'memory' : 'dynamodb',
    tableName: dynamoDb?.tableName ?? table.tableName ?? DEFAULT_NOTES_TABLE,
    region:
      (dynamoDb ? undefined : table.region) ?? (cognito ? cognito.region : (poolRegion(pool.userPoolId) as string)),
    ...(dynamoDb
      ? { dynamoDbEndpoint: dynamoDb.endpoint }
      : table.endpoint === undefined
        ? {}
        : { dynamoDbEndpoint: table.endpoint }),
    cognito: pool,
    cursorSecret: apiSettings.cursorSecret ?? (await cursorSecret(dataDir)),
    corsOrigins: apiSettings.corsOrigins ?? [],
    logLevel: logger.level as ServerConfig['logLevel'],
    bodyLimitBytes: apiSettings.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: apiSettings.shutdownTimeoutMs ?? 5000,
    storageBudgetMs: apiSettings.storageBudgetMs ?? DEFAULT_STORAGE_BUDGET_MS,
    // One developer's scripts and the test suites send far more than a person would: a roomier
    // default than the server's, still a limit (RATE_LIMIT_PER_MINUTE=0 turns it off).
    rateLimits: {
      perCallerPerMinute: apiSettings.rateLimits?.perCallerPerMinute ?? 6000,
      perAddressPerMinute: apiSettings.rateLimits?.perAddressPerMinute ?? 12_000,
    },
    trustProxy: apiSettings.trustProxy ?? 0,
  };
}
