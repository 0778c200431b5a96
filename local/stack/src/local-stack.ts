/**
 * The whole Secure Notes stack on one machine: the embedded DynamoDB emulator, the local
 * Cognito user pool, the local S3 of attachments and the Notes API, wired to each other, with their data in one folder so
 * that users and notes survive a restart. `npm start` runs it with the defaults below.
 *
 * The API runs in one of two runtimes: the Express server (the container; the default), or the
 * Lambda functions' deployment bundles behind the local API Gateway at `/dev`, with the
 * authorizer of the tutorial's Part VI (Cognito) or Part VIII (a Lambda authorizer, TOKEN or
 * REQUEST); see `lambda-runtime.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REDACTED_PATHS as API_REDACTED_PATHS } from '@secure-notes/adapters-express';
import { ATTACHMENT_ENV, corsOriginsFromEnv } from '@secure-notes/http-api';
import {
  REDACTED_PATHS as COGNITO_REDACTED_PATHS,
  type LocalCognito,
  startLocalCognito,
} from '@secure-notes/local-cognito';
import { type LocalDynamoDb, startLocalDynamoDb } from '@secure-notes/local-dynamodb';
import { DiskObjectStore, type LocalS3, startLocalS3 } from '@secure-notes/local-s3';
import { loadConfig, type RunningServer, startServer } from '@secure-notes/server';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { type AuthorizerMode, STAGE, startLambdaApi, type TrustedPool } from './lambda-runtime.js';
import { pagesRouter } from './pages.js';

export interface LocalStackOptions {
  /** Where the emulator, the user pool and the API keep their data; in memory when absent. */
  readonly dataDir?: string;
  readonly host?: string;
  /**
   * 3000, 9229 and 8000 by default; 0 binds any free port (tests), and the URLs that name a
   * port (the callback URL, the issuer) are derived after the service listens.
   */
  readonly apiPort?: number;
  readonly cognitoPort?: number;
  readonly dynamoDbPort?: number;
  /** The local S3 of attachments; 4566 by default. It runs whatever the notes store is. */
  readonly s3Port?: number;
  /**
   * `embedded` (the emulator, default), `memory` (no emulator, nothing survives a restart) or
   * `dynamodb` (the table that `environment` names: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT).
   */
  readonly store?: 'embedded' | 'memory' | 'dynamodb';
  /**
   * Settings of real services, as the server reads them (see apps/server/src/config.ts): the
   * table for the `dynamodb` store and, with COGNITO_USER_POOL_ID (and COGNITO_CLIENT_IDS, and
   * COGNITO_ISSUER for a non-AWS issuer), a real user pool instead of the local Cognito.
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** The local Cognito's clock (epoch milliseconds); tests move it to mint expired tokens. */
  readonly cognitoNow?: () => number;
  /**
   * `express` (the default): the Express server, at the root and under `/dev`. `lambda`: the
   * functions' bundles behind the local API Gateway, under `/dev` only.
   */
  readonly apiRuntime?: ApiRuntime;
  /** With the `lambda` runtime: the authorizer in front of the routes; `cognito` by default. */
  readonly authorizer?: AuthorizerMode;
  /**
   * With the `lambda` runtime: how many instances of each function may run at once (Lambda's
   * concurrency); past it an invocation is throttled (a 500). The local API Gateway's 10 when absent.
   */
  readonly lambdaMaxConcurrency?: number;
}

export type ApiRuntime = 'express' | 'lambda';

export interface LocalStack {
  /** The server that answers on the API's port: the Express server or the local API Gateway. */
  readonly api: RunningServer;
  readonly apiRuntime: ApiRuntime;
  /** With the `lambda` runtime: the authorizer in front of the routes. */
  readonly authorizer?: AuthorizerMode;
  readonly store: 'embedded' | 'memory' | 'dynamodb';
  /** The table the API uses (absent for the memory store). */
  readonly tableName?: string;
  /** The server's root, e.g. `http://localhost:3000`: the callback page is here. */
  readonly apiUrl: string;
  /** Where the API's routes start as the tutorial calls them: `{apiUrl}/dev` (its invoke URL). */
  readonly invokeUrl: string;
  /** Where the API's routes start for a client: `apiUrl` on Express, `invokeUrl` behind the API Gateway. */
  readonly baseUrl: string;
  readonly callbackUrl: string;
  /** Absent when the API uses a real user pool. */
  readonly cognito?: LocalCognito;
  readonly dynamoDb?: LocalDynamoDb;
  /** The local S3 that holds attachments, with its one bucket. */
  readonly s3: LocalS3;
  readonly dataDir?: string;
  close(): Promise<void>;
}

// 4566: the port AWS tooling conventionally gives a local S3 endpoint (`--endpoint-url http://localhost:4566`).
export const LOCAL_STACK_DEFAULTS = { apiPort: 3000, cognitoPort: 9229, dynamoDbPort: 8000, s3Port: 4566 } as const;

/** The bucket of attachments in the local S3. */
export const LOCAL_ATTACHMENTS_BUCKET = 'secure-notes-attachments';

/**
 * The key pairs the local S3 accepts: the emulators' `local`/`local` (what the SDK clients use
 * against a local endpoint when the environment names no credentials) and the environment's own.
 */
function localS3Credentials(environment: Readonly<Record<string, string | undefined>>) {
  const local = { accessKeyId: 'local', secretAccessKey: 'local' };
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  return accessKeyId && secretAccessKey ? [local, { accessKeyId, secretAccessKey }] : [local];
}

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

const TABLE_SETTINGS = ['NOTES_TABLE', 'AWS_REGION', 'DYNAMODB_ENDPOINT'] as const;
/** A real table in the Lambda runtime: the functions get these from the environment (their role's, on AWS). */
const CREDENTIAL_SETTINGS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
const POOL_SETTINGS = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_IDS', 'COGNITO_ISSUER', 'COGNITO_JWKS_URI'] as const;

function pick(
  environment: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) => (environment[name] ? [[name, environment[name]] as [string, string]] : [])),
  );
}

/** The pool the authorizers trust: the local Cognito's, or a real pool's issuer derived from its id. */
function trustedPool(pool: {
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

/** Starts the services in order; if one fails, the ones already started are stopped. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const apiPort = options.apiPort ?? LOCAL_STACK_DEFAULTS.apiPort;
  const { dataDir, logger } = options;
  const environment = options.environment ?? {};
  const realPool = Boolean(environment.COGNITO_USER_POOL_ID);
  const started: { close(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of started.splice(0).reverse()) await service.close();
  };

  try {
    const dynamoDb =
      options.store === 'memory' || options.store === 'dynamodb'
        ? undefined
        : await startLocalDynamoDb({
            port: options.dynamoDbPort ?? LOCAL_STACK_DEFAULTS.dynamoDbPort,
            host,
            ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'dynamodb') }),
            logger: { info: (message) => logger.info({ service: 'dynamodb' }, message) },
          });
    if (dynamoDb) started.push(dynamoDb);

    const cognito = realPool
      ? undefined
      : await startLocalCognito({
          port: options.cognitoPort ?? LOCAL_STACK_DEFAULTS.cognitoPort,
          host,
          ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'cognito') }),
          // The local Cognito's own redaction, kept as a second line of defence under the stack's logger.
          logger: logger.child({ service: 'cognito' }, { redact: [...COGNITO_REDACTED_PATHS] }),
          ...(options.cognitoNow === undefined ? {} : { now: options.cognitoNow }),
        });
    if (cognito) started.push(cognito);

    // The region the API signs its S3 requests for: the one its configuration resolves to.
    const region =
      cognito?.region ?? (environment.AWS_REGION || environment.COGNITO_USER_POOL_ID?.split('_')[0] || 'us-east-1');
    const s3 = await startLocalS3({
      port: options.s3Port ?? LOCAL_STACK_DEFAULTS.s3Port,
      host,
      bucket: LOCAL_ATTACHMENTS_BUCKET,
      region,
      credentials: localS3Credentials(process.env),
      corsOrigins: corsOriginsFromEnv(environment.CORS_ORIGINS),
      ...(dataDir === undefined ? {} : { store: new DiskObjectStore(join(dataDir, 's3')) }),
    });
    started.push(s3);
    const attachmentSettings = {
      ATTACHMENTS_BUCKET: s3.bucket,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      ...pick(environment, Object.values(ATTACHMENT_ENV)),
    };

    const config = loadConfig({
      PORT: String(apiPort),
      HOST: host,
      NOTES_STORE: options.store === 'memory' ? 'memory' : 'dynamodb',
      ...(cognito ? { AWS_REGION: cognito.region } : {}),
      ...(dynamoDb
        ? { DYNAMODB_ENDPOINT: dynamoDb.endpoint, NOTES_TABLE: dynamoDb.tableName }
        : pick(environment, TABLE_SETTINGS)),
      ...(cognito
        ? {
            COGNITO_USER_POOL_ID: cognito.userPoolId,
            COGNITO_CLIENT_IDS: [cognito.clientId, cognito.m2mClientId].join(','),
            COGNITO_ISSUER: cognito.issuer,
            COGNITO_JWKS_URI: cognito.jwksUri,
          }
        : pick(environment, POOL_SETTINGS)),
      NOTES_CURSOR_SECRET: environment.NOTES_CURSOR_SECRET || (await cursorSecret(dataDir)),
      SHUTDOWN_TIMEOUT_MS: '5000',
      // One developer's scripts and the test suites send far more than a person would: a roomier
      // default than the server's, still a limit (RATE_LIMIT_PER_MINUTE=0 turns it off).
      RATE_LIMIT_PER_MINUTE: environment.RATE_LIMIT_PER_MINUTE || '6000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: environment.RATE_LIMIT_PER_ADDRESS_PER_MINUTE || '12000',
      ...pick(environment, ['STORAGE_BUDGET_MS']),
      ...attachmentSettings,
    });
    const runtime = options.apiRuntime ?? 'express';
    const pages = (apiUrl: string, invokeUrl: string) =>
      cognito &&
      pagesRouter({
        cognitoUrl: cognito.url,
        clientId: cognito.clientId,
        clientSecret: cognito.clientSecret,
        callbackUrl: `${apiUrl}/callback`,
        apiUrl,
        invokeUrl,
        serverLinks: runtime === 'express',
      });
    // The callback page is mounted once the API's port, and so the callback URL, is known.
    const before = Router();
    let api: RunningServer;
    if (runtime === 'lambda') {
      if (config.store === 'memory') {
        throw new Error(
          'NOTES_STORE=memory cannot run with API_RUNTIME=lambda: the notes function stores its notes in DynamoDB. ' +
            'Use the embedded emulator (the default) or NOTES_STORE=dynamodb.',
        );
      }
      // Outside the stage: the local stack's own pages, and a hint for a path without the stage.
      const outside = express();
      outside.disable('x-powered-by');
      outside.use(before);
      outside.use((_req, res) => {
        res.status(404).json({ message: `Not found: the API is under /${STAGE}, e.g. /${STAGE}/notes` });
      });
      api = await startLambdaApi({
        host,
        port: apiPort,
        logger,
        authorizer: options.authorizer ?? 'cognito',
        region: config.region,
        pool: trustedPool(config.cognito),
        tableEnvironment: {
          NOTES_TABLE: config.tableName,
          ...(config.dynamoDbEndpoint === undefined ? {} : { DYNAMODB_ENDPOINT: config.dynamoDbEndpoint }),
          ...(dynamoDb ? {} : pick(environment, CREDENTIAL_SETTINGS)),
        },
        cursorSecret: config.cursorSecret,
        corsOrigins: config.corsOrigins,
        storageBudgetMs: config.storageBudgetMs,
        attachmentEnvironment: attachmentSettings,
        outsideStage: outside,
        ...(options.lambdaMaxConcurrency === undefined ? {} : { maxConcurrency: options.lambdaMaxConcurrency }),
      });
    } else {
      // The tutorial calls the API at `{invoke URL}/dev/notes`: the `dev` stage prefix works here too.
      api = await startServer({
        config,
        logger: logger.child({ service: 'api' }, { redact: [...API_REDACTED_PATHS] }),
        before,
        stagePrefix: `/${STAGE}`,
      });
    }
    started.push(api);
    const apiUrl = `http://localhost:${api.port}`;
    const invokeUrl = `${apiUrl}/${STAGE}`;
    const baseUrl = runtime === 'express' ? apiUrl : invokeUrl;
    const callbackUrl = `${apiUrl}/callback`;
    const router = pages(apiUrl, baseUrl);
    if (cognito && router) {
      cognito.setAppClientUrls({ callbackUrls: [callbackUrl], logoutUrls: [`${apiUrl}/`] });
      before.use(router);
    }

    return {
      api,
      apiRuntime: runtime,
      ...(runtime === 'lambda' ? { authorizer: options.authorizer ?? 'cognito' } : {}),
      store: options.store ?? 'embedded',
      ...(config.store === 'memory' ? {} : { tableName: config.tableName }),
      apiUrl,
      invokeUrl,
      baseUrl,
      callbackUrl,
      ...(cognito ? { cognito } : {}),
      ...(dynamoDb ? { dynamoDb } : {}),
      s3,
      ...(dataDir === undefined ? {} : { dataDir }),
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
