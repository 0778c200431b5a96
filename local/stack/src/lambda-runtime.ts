/**
 * The local stack's Lambda runtime (`API_RUNTIME=lambda`): the Notes API as it deploys, the
 * notes function's bundle behind the local API Gateway at the tutorial's `dev` stage, each route of
 * the shared route table behind the authorizer the tutorial describes: the Cognito user pool
 * authorizer (Part VI, the default) or the custom Lambda authorizer of Part VIII, TOKEN or
 * REQUEST, with a 300 s result cache, and the stage's throttling and the WAF's rule by source
 * address, as the infrastructure deploys them. The functions get the settings the
 * infrastructure gives them, with the resources the local stack provides in place of AWS's (see
 * `LOCAL_ENVIRONMENT`); their log lines go to the stack's logger.
 */
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import {
  ADDRESS_RATE_LIMIT,
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  NOTES_ROUTES,
  STAGE_THROTTLING,
} from '@secure-notes/http-api';
import {
  type AddressRateLimitSettings,
  type AuthorizerDefinition,
  type GatewayRoute,
  type LocalApiGateway,
  startLocalApiGateway,
  type ThrottleSettings,
} from '@secure-notes/local-api-gateway';
import type { Logger } from 'pino';
import { localSecretArn, startSecretsManagerStandIn } from './secrets-manager-stand-in.js';

/** Which authorizer stands in front of the routes. */
export type AuthorizerMode = 'cognito' | 'token' | 'request';
export const AUTHORIZER_MODES: readonly AuthorizerMode[] = ['cognito', 'token', 'request'];

/** The tutorial's stage: its invoke URL ends in `/dev`. */
export const STAGE = 'dev';
/** The functions' settings, as the infrastructure (and the tutorial's Part V) sets them. */
export const FUNCTION_TIMEOUT_SECONDS = 10;
export const FUNCTION_MEMORY_MB = 256;
/** The Lambda authorizer's result cache, as the infrastructure deploys it (the tutorial's Part VIII: 300 s). */
export const AUTHORIZER_CACHE_TTL_SECONDS = 300;

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');

/**
 * What the local stack puts in a function's environment where the deployment has an AWS
 * resource, and why; everything else is what the infrastructure sets. The local Lambda runtime
 * adds what Lambda itself adds (`AWS_REGION`, placeholder credentials, `AWS_LAMBDA_*`).
 */
export const LOCAL_ENVIRONMENT = {
  DYNAMODB_ENDPOINT: 'the notes function: the DynamoDB emulator (absent with NOTES_STORE=dynamodb, a real table)',
  NOTES_TABLE: "the notes function: the emulator's table, or the real one named by NOTES_TABLE",
  NOTES_CURSOR_SECRET_ID: 'the notes function: a local ARN of the page-token secret, which the stand-in below serves',
  AWS_ENDPOINT_URL_SECRETS_MANAGER:
    "the notes function: the local stack's Secrets Manager stand-in, which answers GetSecretValue for that one secret (the SDK reads this variable)",
  COGNITO_CLIENT_IDS: "both functions: the local user pool's app clients",
  COGNITO_USER_POOL_ID: 'the authorizers: the local user pool',
  COGNITO_ISSUER: 'the authorizers: the local Cognito’s issuer (on AWS the verifier derives it from the pool id)',
  COGNITO_JWKS_URI: 'the authorizers: the local Cognito’s signing keys',
  AWS_ACCESS_KEY_ID:
    "the notes function, with a real table (NOTES_STORE=dynamodb): your credentials in place of the function role's, with AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN",
  STORAGE_BUDGET_MS: 'the notes function: when you set it for the local stack (the deployment keeps the default)',
  BODY_LIMIT_BYTES: 'the notes function: when you set it for the local stack (the deployment keeps the default)',
} as const;

/** The page-token secret's name, as the local stack serves it. */
const CURSOR_SECRET_NAME = 'secure-notes-cursor-secret';

/** Where `pnpm build:lambdas` writes the bundles. */
export const LAMBDA_BUNDLES = {
  notes: resolve(repositoryRoot, 'apps/lambda-notes/bundle/index.mjs'),
  token: resolve(repositoryRoot, 'apps/lambda-authorizer/bundle/token/index.mjs'),
  request: resolve(repositoryRoot, 'apps/lambda-authorizer/bundle/request/index.mjs'),
} as const;

/** Throws, naming the command that builds them, when a bundle is missing. */
export function assertBundlesBuilt(bundles: Readonly<Record<string, string>> = LAMBDA_BUNDLES): void {
  const missing = Object.values(bundles).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The Lambda bundles are missing (${missing.join(', ')}): run \`pnpm build:lambdas\` first (\`npm start\` does it for you).`,
    );
  }
}

/** The user pool the authorizers trust. */
export interface TrustedPool {
  readonly userPoolId: string;
  readonly clientIds: readonly string[];
  readonly issuer: string;
  readonly jwksUri: string;
}

export interface LambdaApiOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly authorizer: AuthorizerMode;
  readonly region: string;
  readonly pool: TrustedPool;
  /** The table: NOTES_TABLE, and DYNAMODB_ENDPOINT for an emulator, plus credentials for a real table. */
  readonly tableEnvironment: Readonly<Record<string, string>>;
  /** The page-token secret's value, which the function reads at init from the local Secrets Manager stand-in. */
  readonly cursorSecret: string;
  readonly corsOrigins: readonly string[];
  /** The notes function's attachment settings: ATTACHMENTS_BUCKET, AWS_ENDPOINT_URL_S3, ATTACHMENT_*. */
  readonly attachmentEnvironment?: Readonly<Record<string, string>>;
  /** How long storage may take for one invocation (STORAGE_BUDGET_MS); the function's default when absent. */
  readonly storageBudgetMs?: number;
  /** The largest body the notes function takes (BODY_LIMIT_BYTES); its default when absent. */
  readonly bodyLimitBytes?: number;
  /** The authorizer's JWKS download time limit (COGNITO_JWKS_FETCH_TIMEOUT_MS); its default when absent. */
  readonly jwksFetchTimeoutMs?: number;
  /** The local stack's own pages (the callback page, `/`), served outside the stage. */
  readonly outsideStage: RequestListener;
  readonly bundles?: { readonly notes: string; readonly token: string; readonly request: string };
  /** How many instances of each function run at once (more invocations wait); the local API Gateway's default (10) when absent. */
  readonly maxConcurrency?: number;
  /**
   * The limits in front of the stage, as deployed by default (`STAGE_THROTTLING`,
   * `ADDRESS_RATE_LIMIT`); a test gives its own scale, or `null` for none.
   */
  readonly limits?: GatewayLimits;
}

/** The stage's throttling and the WAF rule by source address; `null` turns one off. */
export interface GatewayLimits {
  readonly throttle?: ThrottleSettings | null;
  readonly addressRateLimit?: AddressRateLimitSettings | null;
}

/**
 * Starts the local API Gateway with the notes function and the chosen authorizer.
 *
 * @example
 * const gateway = await startLambdaApi({ host, port: 3000, logger, authorizer: 'token', region, pool, tableEnvironment,
 *   cursorSecret, corsOrigins: [], outsideStage: pages });
 * // curl http://localhost:3000/dev/notes -H "Authorization: $ID_TOKEN"
 */
export async function startLambdaApi(options: LambdaApiOptions): Promise<LocalApiGateway> {
  const bundles = options.bundles ?? LAMBDA_BUNDLES;
  assertBundlesBuilt(bundles);
  const cursorSecretArn = localSecretArn(options.region, CURSOR_SECRET_NAME);
  const secrets = await startSecretsManagerStandIn([
    { arn: cursorSecretArn, name: CURSOR_SECRET_NAME, value: options.cursorSecret },
  ]);
  try {
    const gateway = await startGateway(options, bundles, {
      NOTES_CURSOR_SECRET_ID: cursorSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    });
    return {
      ...gateway,
      close: async () => {
        await gateway.close();
        await secrets.close();
      },
    };
  } catch (error) {
    await secrets.close();
    throw error;
  }
}

async function startGateway(
  options: LambdaApiOptions,
  bundles: NonNullable<LambdaApiOptions['bundles']>,
  secretEnvironment: Readonly<Record<string, string>>,
): Promise<LocalApiGateway> {
  // LOG_LEVEL as every process reads it (pino's names). The functions' lines pass through the stack's
  // logger, which filters them again; a silent stack lets the functions log as they otherwise would.
  const logLevel = options.logger.level === 'silent' ? 'info' : options.logger.level;
  const authorizerName = options.authorizer === 'cognito' ? 'CognitoAuth' : 'LambdaAuth';
  const authorizers: Record<string, AuthorizerDefinition> = {
    [authorizerName]:
      options.authorizer === 'cognito'
        ? { type: 'COGNITO_USER_POOLS', issuer: options.pool.issuer, jwksUri: options.pool.jwksUri }
        : options.authorizer === 'token'
          ? {
              type: 'TOKEN',
              function: 'NotesLambdaAuthorizer',
              identitySource: 'method.request.header.Authorization',
              resultTtlSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
            }
          : {
              type: 'REQUEST',
              function: 'NotesLambdaAuthorizer',
              identitySources: ['method.request.header.Authorization'],
              resultTtlSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
            },
  };
  const routes: GatewayRoute[] = NOTES_ROUTES.map((route) => ({
    method: route.method,
    path: route.path,
    function: 'NotesAPI',
    authorizer: authorizerName,
  }));
  const common = {
    timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    memorySizeMb: FUNCTION_MEMORY_MB,
    region: options.region,
    ...(options.maxConcurrency === undefined ? {} : { maxInstances: options.maxConcurrency }),
  };
  const lambdaLog = options.logger.child({ service: 'lambda' });
  const throttle = options.limits?.throttle === undefined ? STAGE_THROTTLING : options.limits.throttle;
  const addressRateLimit =
    options.limits?.addressRateLimit === undefined ? ADDRESS_RATE_LIMIT : options.limits.addressRateLimit;
  return startLocalApiGateway({
    stage: STAGE,
    host: options.host,
    port: options.port,
    region: options.region,
    routes,
    authorizers,
    functions: [
      {
        ...common,
        name: 'NotesAPI',
        bundle: bundles.notes,
        environment: {
          ...options.tableEnvironment,
          ...options.attachmentEnvironment,
          ...secretEnvironment,
          COGNITO_CLIENT_IDS: options.pool.clientIds.join(','),
          CORS_ORIGINS: options.corsOrigins.join(','),
          ...(options.storageBudgetMs === undefined ? {} : { STORAGE_BUDGET_MS: String(options.storageBudgetMs) }),
          ...(options.bodyLimitBytes === undefined ? {} : { BODY_LIMIT_BYTES: String(options.bodyLimitBytes) }),
          LOG_LEVEL: logLevel,
          POWERTOOLS_SERVICE_NAME: 'secure-notes-api',
        },
      },
      ...(options.authorizer === 'cognito'
        ? []
        : [
            {
              ...common,
              name: 'NotesLambdaAuthorizer',
              bundle: options.authorizer === 'token' ? bundles.token : bundles.request,
              environment: {
                COGNITO_USER_POOL_ID: options.pool.userPoolId,
                COGNITO_CLIENT_IDS: options.pool.clientIds.join(','),
                COGNITO_ISSUER: options.pool.issuer,
                COGNITO_JWKS_URI: options.pool.jwksUri,
                ...(options.jwksFetchTimeoutMs === undefined
                  ? {}
                  : { COGNITO_JWKS_FETCH_TIMEOUT_MS: String(options.jwksFetchTimeoutMs) }),
                LOG_LEVEL: logLevel,
                POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer',
              },
            },
          ]),
    ],
    cors: {
      origins: options.corsOrigins,
      allowMethods: CORS_ALLOWED_METHODS,
      allowHeaders: CORS_ALLOWED_HEADERS,
      exposeHeaders: CORS_EXPOSED_HEADERS,
      maxAgeSeconds: CORS_MAX_AGE_SECONDS,
    },
    ...(throttle === null ? {} : { throttle }),
    ...(addressRateLimit === null ? {} : { addressRateLimit }),
    outsideStage: options.outsideStage,
    logger: options.logger.child({ service: 'gateway' }),
    functionLog: ({ function: name, instance, stream, line }) => {
      if (stream === 'platform') lambdaLog.debug({ function: name, instance }, line);
      else lambdaLog.info({ function: name, instance, stream }, line);
    },
  });
}
