/**
 * One place where the security suites find everything they attack: a local Cognito (its data in
 * a temporary folder, so that a test can re-sign tokens with the pool's own key), one embedded
 * DynamoDB behind a proxy that counts every storage call, and as many API runtimes as a suite
 * needs, each started by `startLocalStack` exactly as `npm start` starts it, all trusting the
 * one pool and using the one table. Users are made once and their tokens work on every
 * runtime, so a suite spends its time on its cases rather than on sign-ins.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '@secure-notes/adapters-aws';
// The owner id prefix of the table's items that are not notes (the idempotency records).
import { RESERVED_OWNER_PREFIX } from '@secure-notes/adapters-aws/dynamodb';
import type { Entrypoint } from '@secure-notes/http-api';
import {
  REDACTED_PATHS as COGNITO_REDACTED_PATHS,
  type LocalCognito,
  startLocalCognito,
} from '@secure-notes/local-cognito';
import { startLocalDynamoDb } from '@secure-notes/local-dynamodb';
import type { AuthorizerMode } from '@secure-notes/local-stack';
import { type LocalStack, startLocalStack } from '@secure-notes/local-stack';
import { type StorageProxy, startStorageProxy } from '@secure-notes/testing';
import { pino } from 'pino';
import { lambdaFunctionsOf } from '../lambda-instances.js';
import {
  createUser,
  LogCapture,
  type RuntimeChoice,
  type SignInResult,
  type SignInTarget,
  signInWithCode,
  subOf,
  type Tokens,
} from '../stack.js';

/** One entrypoint of the contract, as the suites name them. */
export type RuntimeName = 'express' | 'lambda-cognito' | 'lambda-token' | 'lambda-request';

export const RUNTIMES: readonly RuntimeName[] = ['express', 'lambda-cognito', 'lambda-token', 'lambda-request'];

const AUTHORIZER_OF: Readonly<Record<Exclude<RuntimeName, 'express'>, AuthorizerMode>> = {
  'lambda-cognito': 'cognito',
  'lambda-token': 'token',
  'lambda-request': 'request',
};

/** How the stack is started for a runtime: Express, or the Lambda runtime with the runtime's authorizer. */
export function runtimeChoiceOf(runtime: RuntimeName): RuntimeChoice {
  return runtime === 'express'
    ? { apiRuntime: 'express' }
    : { apiRuntime: 'lambda', authorizer: AUTHORIZER_OF[runtime] };
}

export function entrypointOfRuntime(runtime: RuntimeName): Entrypoint {
  if (runtime === 'express') return 'express';
  return runtime === 'lambda-cognito' ? 'gateway-cognito' : 'gateway-lambda-authorizer';
}

/** An API runtime under attack. */
export interface ApiUnderTest {
  readonly runtime: RuntimeName;
  readonly store: 'dynamodb' | 'memory';
  /** `express × dynalite`, `lambda-token × dynalite`, … for reports. */
  readonly label: string;
  readonly entrypoint: Entrypoint;
  /** Where the routes start: `/notes` is under it. */
  readonly baseUrl: string;
  readonly stack: LocalStack;
  /** How many times the gateway invoked the notes function and the authorizer function (0 on Express). */
  invocations(): { readonly notes: number; readonly authorizer: number };
}

/** What a user has after signing in once, with every kind of token the suites need. */
export interface SignedInUser {
  readonly email: string;
  readonly userId: string;
  readonly idToken: string;
  /** An access token with `notes/read` and `notes/write`. */
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** The user `email` as the tokens of a sign-in (with every scope the suites need) describe them. */
export function signedInUserOf(email: string, tokens: Tokens): SignedInUser {
  return {
    email,
    userId: subOf(tokens.id_token),
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
  };
}

export interface SecurityEnvironment {
  readonly cognito: LocalCognito;
  /** The folder the pool keeps its keys in (for `poolSigner`). */
  readonly cognitoDataDir: string;
  readonly target: SignInTarget;
  /** Every storage call of every runtime of this environment. */
  readonly storage: StorageProxy;
  readonly tableName: string;
  /** A client straight to the emulator (not counted), to read what is really stored. */
  readonly documents: DynamoDBDocumentClient;
  /** Every log line of every service of this environment, as the stack writes them. */
  readonly log: LogCapture;
  /** Moves the pool's clock (0: real time). */
  setCognitoClockOffset(milliseconds: number): void;
  startApi(runtime: RuntimeName, store?: 'dynamodb' | 'memory'): Promise<ApiUnderTest>;
  /** Creates a confirmed user (optionally in `admin`) and signs them in. */
  user(name: string, options?: { admin?: boolean }): Promise<SignedInUser>;
  /** Signs an existing user in again with the given scopes (for access tokens of other scopes). */
  signIn(email: string, scope: string): Promise<SignInResult>;
  /** Every item stored for these owners, as the table holds them. */
  storedItems(userIds: readonly string[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const REGION = 'us-east-1';
const TABLE = 'Notes';

/**
 * @example
 * const env = await startSecurityEnvironment();
 * const api = await env.startApi('lambda-token');
 * const alice = await env.user('alice');
 */
export async function startSecurityEnvironment(): Promise<SecurityEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'security-suite-'));
  const log = new LogCapture();
  const logger = pino({ level: 'debug' }, log);
  let offset = 0;
  const closers: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const dynamoDb = await startLocalDynamoDb({ port: 0, tableName: TABLE });
    closers.push(() => dynamoDb.close());
    const storage = await startStorageProxy({
      upstream: dynamoDb.endpoint,
      // Counts the writes of notes: not those of the idempotency records (`secure-notes#…` owners).
      countWrite: ({ body }) => !JSON.stringify(body).includes(RESERVED_OWNER_PREFIX),
    });
    closers.push(() => storage.close());
    const cognitoDataDir = join(dataDir, 'cognito');
    const cognito = await startLocalCognito({
      port: 0,
      dataDir: cognitoDataDir,
      // As the local stack gives the pool its logger: the stack's, with the pool's own redaction.
      logger: logger.child({ service: 'cognito' }, { redact: [...COGNITO_REDACTED_PATHS] }),
      now: () => Date.now() + offset,
    });
    closers.push(() => cognito.close());
    const documents = createDynamoDbDocumentClient({ endpoint: dynamoDb.endpoint, region: REGION });
    closers.push(async () => documents.destroy());
    // Sign-in stops at the redirect to the callback, so the pool's default callback URL serves.
    const target: SignInTarget = { cognito, callbackUrl: 'http://localhost:3000/callback' };

    const signIn = (email: string, scope: string): Promise<SignInResult> => signInWithCode(target, email, { scope });

    return {
      cognito,
      cognitoDataDir,
      target,
      storage,
      tableName: TABLE,
      documents,
      log,
      setCognitoClockOffset: (milliseconds) => {
        offset = milliseconds;
      },
      async startApi(runtime, store = 'dynamodb') {
        const stack = await startLocalStack({
          apiPort: 0,
          s3Port: 0,
          ...runtimeChoiceOf(runtime),
          store,
          logger,
          environment: {
            NOTES_TABLE: TABLE,
            AWS_REGION: REGION,
            DYNAMODB_ENDPOINT: storage.endpoint,
            COGNITO_USER_POOL_ID: cognito.userPoolId,
            COGNITO_CLIENT_IDS: [cognito.clientId, cognito.m2mClientId].join(','),
            COGNITO_ISSUER: cognito.issuer,
            COGNITO_JWKS_URI: cognito.jwksUri,
            // The suites send thousands of requests a minute as one user: the limits have tests of their own.
            RATE_LIMIT_PER_MINUTE: '0',
            RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
            // Pending attachments stay live through a whole run: the isolation model never sees one expire.
            ATTACHMENT_UPLOAD_EXPIRES_SECONDS: '3600',
          },
          // Likewise the Lambda runtime's stage throttling and WAF address rule.
          gatewayLimits: { throttle: null, addressRateLimit: null },
        });
        closers.push(() => stack.close());
        const functions = lambdaFunctionsOf(stack);
        // The functions are named as the template names them: the one behind the methods, and the authorizer's.
        const notesFunction = stack.template?.api.methods[0]?.function;
        const authorizerFunction = stack.template?.api.authorizers.flatMap((a) =>
          'function' in a ? [a.function] : [],
        )[0];
        const label = `${runtime} × ${store === 'memory' ? 'memory' : 'dynalite'}`;
        return {
          runtime,
          store,
          label,
          entrypoint: entrypointOfRuntime(runtime),
          baseUrl: stack.baseUrl,
          stack,
          invocations: () => ({
            notes: functions.get(notesFunction ?? '')?.stats.invocations ?? 0,
            authorizer: functions.get(authorizerFunction ?? '')?.stats.invocations ?? 0,
          }),
        };
      },
      async user(name, options = {}) {
        const email = `${name}@example.com`;
        await createUser(target, email, options);
        const { tokens } = await signIn(email, 'openid email profile notes/read notes/write');
        return signedInUserOf(email, tokens);
      },
      signIn,
      async storedItems(userIds) {
        const owners = new Set(userIds);
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await documents.send(
            new ScanCommand({ TableName: TABLE, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
          );
          for (const item of page.Items ?? []) if (owners.has(String(item.userId))) items.push(item);
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
        return items;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
