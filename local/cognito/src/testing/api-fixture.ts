/**
 * One local Cognito for a test file of the Identity Provider API: the real AWS SDK client
 * pointed at it, a clock the tests move instead of waiting, the captured log (where codes and
 * invitations land), and the few steps most tests begin with.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolClientCommandOutput,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  SignUpCommand,
  type SignUpCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll } from 'vitest';
import type { LocalCognito, LocalCognitoOptions } from '../server.js';
import { adminClient, createConfirmedUser, freshEmail, STRONG_PASSWORD, secretHash } from './admin.js';
import type { CapturedLog } from './capturing-logger.js';
import { startCognitoForTest } from './start-for-test.js';

/** How the local Cognito of the fixture is started; the port, the logger and the clock are the fixture's. */
export type ApiFixtureOptions = Omit<LocalCognitoOptions, 'port' | 'logger' | 'now'>;

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
  /**
   * A FORCE_CHANGE_PASSWORD user made by AdminCreateUser without an invitation (SUPPRESS): a
   * generated temporary password unless one is given, and only the attributes given. Its email.
   */
  invitedUser(options?: {
    email?: string;
    temporaryPassword?: string;
    attributes?: Record<string, string>;
  }): Promise<string>;
  /** SignUp with the app client and its `SECRET_HASH`: an UNCONFIRMED user with `password` and the attributes given. */
  signUp(email: string, attributes?: Record<string, string>, password?: string): Promise<SignUpCommandOutput>;
  /** AdminGetUser in this pool. */
  adminGetUser(username: string): Promise<AdminGetUserCommandOutput>;
  /** CreateUserPoolClient in this pool. */
  createClient(input: Omit<CreateUserPoolClientCommandInput, 'UserPoolId'>): Promise<CreateUserPoolClientCommandOutput>;
  /** InitiateAuth USER_PASSWORD_AUTH with the app client. */
  passwordAuth(email: string, password?: string): Promise<InitiateAuthCommandOutput>;
  /** AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH with the app client. */
  adminPasswordAuth(email: string, password?: string): Promise<AdminInitiateAuthCommandOutput>;
  close(): Promise<void>;
}

/** `{ name: value }` as the wire's `[{ Name, Value }]`. */
function attributeList(attributes: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

/**
 * Starts the local Cognito of one test file. `useApiFixture` starts and closes it around the
 * file's tests.
 *
 * @example
 * const api = await startApiFixture();
 * try { await api.confirmedUser(); } finally { await api.close(); }
 */
export async function startApiFixture(options: ApiFixtureOptions = {}): Promise<ApiFixture> {
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
    invitedUser: async ({ email = freshEmail(), temporaryPassword, attributes } = {}) => {
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: cognito.userPoolId,
          Username: email,
          MessageAction: 'SUPPRESS',
          ...(temporaryPassword !== undefined ? { TemporaryPassword: temporaryPassword } : {}),
          ...(attributes !== undefined ? { UserAttributes: attributeList(attributes) } : {}),
        }),
      );
      return email;
    },
    signUp: (email, attributes, password = STRONG_PASSWORD) =>
      sdk.send(
        new SignUpCommand({
          ClientId: cognito.clientId,
          SecretHash: hash(email),
          Username: email,
          Password: password,
          ...(attributes !== undefined ? { UserAttributes: attributeList(attributes) } : {}),
        }),
      ),
    adminGetUser: (username) =>
      sdk.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: username })),
    createClient: (input) => sdk.send(new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ...input })),
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

/**
 * The local Cognito of the calling test file: started before its tests (`beforeAll`), closed
 * after them (`afterAll`). Call it once at the top of the file; what it returns is usable in
 * tests, hooks and the helpers they call, not while the file is being collected.
 *
 * @example
 * const api = useApiFixture();
 *
 * it('signs in', async () => {
 *   const { email } = await api.confirmedUser();
 *   expect((await api.passwordAuth(email)).AuthenticationResult).toBeDefined();
 * });
 */
export function useApiFixture(options: ApiFixtureOptions = {}): ApiFixture {
  let started: ApiFixture | undefined;
  beforeAll(async () => {
    started = await startApiFixture(options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return new Proxy({} as ApiFixture, {
    get(_target, key) {
      if (!started) {
        throw new Error(
          `api.${String(key)} was read while the local Cognito was not running (outside a test or hook).`,
        );
      }
      return Reflect.get(started, key);
    },
  });
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

/**
 * The whole error (as `errorOf` gives it) of a request the service refuses with HTTP 400, as
 * every error of the Identity Provider API is answered.
 *
 * @example
 * expect(errorOf(refused)).toEqual(badRequest('UserNotFoundException', 'User does not exist.'));
 */
export function badRequest(name: string, message: string): { name: string; message: string; status: 400 } {
  return { name, message, status: 400 };
}

/**
 * The resource server every local pool has, as DescribeResourceServer and ListResourceServers
 * describe it.
 */
export function notesResourceServer(userPoolId: string) {
  return {
    UserPoolId: userPoolId,
    Identifier: 'notes',
    Name: 'Secure Notes API',
    Scopes: [
      { ScopeName: 'read', ScopeDescription: 'Read notes' },
      { ScopeName: 'write', ScopeDescription: 'Create, change and delete notes' },
    ],
  };
}

export { STRONG_PASSWORD };
