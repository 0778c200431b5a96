/**
 * One local Cognito for a test file of the Identity Provider API: the real AWS SDK client
 * pointed at it, a clock the tests move instead of waiting, the captured log (where codes and
 * invitations land), and the few steps most tests begin with.
 */
import {
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCognito, LocalCognitoOptions } from '../server.js';
import { adminClient, createConfirmedUser, STRONG_PASSWORD, secretHash } from './admin.js';
import type { CapturedLog } from './capturing-logger.js';
import { startCognitoForTest } from './start-for-test.js';

export interface ApiFixture {
  readonly cognito: LocalCognito;
  readonly log: CapturedLog;
  readonly sdk: CognitoIdentityProviderClient;
  /** The pool's clock: `advance` moves it forward. */
  readonly clock: { now(): number; advance(milliseconds: number): void };
  /** `SECRET_HASH` of `username` for the app client (or the given client). */
  hash(username: string, client?: { id: string; secret: string }): string;
  /** A CONFIRMED user with a verified email and `STRONG_PASSWORD`. */
  confirmedUser(options?: { email?: string; name?: string }): Promise<{ email: string; username: string }>;
  /** InitiateAuth USER_PASSWORD_AUTH with the app client. */
  passwordAuth(email: string, password?: string): Promise<InitiateAuthCommandOutput>;
  /** AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH with the app client. */
  adminPasswordAuth(email: string, password?: string): Promise<AdminInitiateAuthCommandOutput>;
  close(): Promise<void>;
}

/**
 * Starts the local Cognito of one test file.
 *
 * @example
 * let api: ApiFixture;
 * beforeAll(async () => { api = await startApiFixture(); });
 * afterAll(() => api?.close());
 */
export async function startApiFixture(
  options: Omit<LocalCognitoOptions, 'port' | 'logger' | 'now'> = {},
): Promise<ApiFixture> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const { cognito, log } = await startCognitoForTest({ ...options, now });
  const sdk = adminClient(cognito);
  const app = { id: cognito.clientId, secret: cognito.clientSecret };
  const hash = (username: string, client = app) => secretHash(client.id, client.secret, username);
  return {
    cognito,
    log,
    sdk,
    clock: {
      now,
      advance: (milliseconds) => {
        offset += milliseconds;
      },
    },
    hash,
    confirmedUser: (userOptions = {}) => createConfirmedUser(cognito, userOptions),
    passwordAuth: (email, password = STRONG_PASSWORD) =>
      sdk.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: hash(email) },
        }),
      ),
    adminPasswordAuth: (email, password = STRONG_PASSWORD) =>
      sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: cognito.userPoolId,
          ClientId: cognito.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: hash(email) },
        }),
      ),
    close: async () => {
      sdk.destroy();
      await cognito.close();
    },
  };
}

/** Awaits `promise` and returns what it rejected with (undefined if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** An SDK output without its `$metadata`: the fields the service answered. */
export function fieldsOf<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...fields } = output as T & { $metadata?: unknown };
  return fields as Omit<T, '$metadata'>;
}

/** The service's error as `{ name, message, status }`, for comparing whole errors. */
export function errorOf(error: unknown): { name: string; message: string; status: number | undefined } {
  const { name, message, $metadata } = error as {
    name: string;
    message: string;
    $metadata?: { httpStatusCode?: number };
  };
  return { name, message, status: $metadata?.httpStatusCode };
}

export { STRONG_PASSWORD };
