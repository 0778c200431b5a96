/**
 * The local stack for end-to-end tests: every service on a port the system picks (port 0,
 * read back after listening, so no test races another process for a port), a captured log, a
 * movable Cognito clock, and the steps of the tutorial's walkthrough (create a user, sign in
 * through managed login, exchange the code) as functions.
 */

import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { attachmentSettingsToEnv } from '@secure-notes/http-api';
import { SCENARIO_ATTACHMENT_SETTINGS } from '@secure-notes/http-api/testing';
import type { LocalCognito } from '@secure-notes/local-cognito';
import { signInWithHttp } from '@secure-notes/local-cognito/testing';
import type { AuthorizerMode } from '@secure-notes/local-stack';
import { type ApiRuntime, type LocalStack, type LocalStackOptions, startLocalStack } from '@secure-notes/local-stack';
import { isPortInUse } from '@secure-notes/service-kit';
import { pino } from 'pino';

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    callback();
  }
  get text(): string {
    return this.lines.join('');
  }
}

/** The ports a running stack listens on (0 for a service it did not start). */
export interface Ports {
  readonly apiPort: number;
  readonly cognitoPort: number;
  readonly dynamoDbPort: number;
  readonly s3Port: number;
}

export interface TestStack {
  readonly stack: LocalStack;
  readonly log: LogCapture;
  /** Where the services listen, read from them after they started. */
  readonly ports: Ports;
  /** Moves the local Cognito's clock by this many milliseconds from now on (0 = real time). */
  setCognitoClockOffset(milliseconds: number): void;
}

function portOf(url: string | undefined): number {
  return url === undefined ? 0 : Number(new URL(url).port);
}

/** Which runtime serves the API, and with the Lambda runtime, which authorizer. */
export interface RuntimeChoice {
  readonly apiRuntime?: ApiRuntime;
  readonly authorizer?: AuthorizerMode;
}

export interface TestStackOptions extends RuntimeChoice {
  readonly dataDir?: string;
  readonly ports?: Ports;
  /** Where the notes are kept (the embedded emulator by default); see `LocalStackOptions`. */
  readonly store?: LocalStackOptions['store'];
  /** Settings as the stack reads them (a table for the `dynamodb` store, rate limits, STORAGE_BUDGET_MS). */
  readonly environment?: LocalStackOptions['environment'];
  /** With the Lambda runtime: instances of each function that may run at once (the gateway's 10 by default). */
  readonly lambdaMaxConcurrency?: number;
  /**
   * With the Lambda runtime: the stage's throttling and the WAF rule by source address. None by
   * default: every suite sends from one address at its own scale; a test of the limits gives them.
   */
  readonly gatewayLimits?: LocalStackOptions['gatewayLimits'];
}

/**
 * Starts the stack; every port is 0 (any free port) unless `ports` names it. With the Lambda
 * runtime the bundles must have been built (`pnpm build:lambdas`).
 *
 * @example
 * const { stack } = await startTestStack();
 * await fetch(`${stack.apiUrl}/health`);
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const log = new LogCapture();
  let offset = 0;
  const stack = await startLocalStack({
    ...(options.apiRuntime === undefined ? {} : { apiRuntime: options.apiRuntime }),
    ...(options.authorizer === undefined ? {} : { authorizer: options.authorizer }),
    apiPort: options.ports?.apiPort ?? 0,
    cognitoPort: options.ports?.cognitoPort ?? 0,
    dynamoDbPort: options.ports?.dynamoDbPort ?? 0,
    s3Port: options.ports?.s3Port ?? 0,
    webPort: 0,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.store === undefined ? {} : { store: options.store }),
    // Every test stack runs the attachment settings the scenario suite expects (links that expire in seconds).
    environment: { ...attachmentSettingsToEnv(SCENARIO_ATTACHMENT_SETTINGS), ...options.environment },
    ...(options.lambdaMaxConcurrency === undefined ? {} : { lambdaMaxConcurrency: options.lambdaMaxConcurrency }),
    gatewayLimits: options.gatewayLimits ?? { throttle: null, addressRateLimit: null },
    logger: pino({ level: 'debug' }, log),
    cognitoNow: () => Date.now() + offset,
  });
  return {
    stack,
    log,
    ports: {
      apiPort: stack.api.port,
      cognitoPort: portOf(stack.cognito?.url),
      dynamoDbPort: portOf(stack.dynamoDb?.endpoint),
      s3Port: stack.s3.port,
    },
    setCognitoClockOffset: (milliseconds) => {
      offset = milliseconds;
    },
  };
}

/** Whether `error`, or an error it was caused by, is a port already in use. */
export { isPortInUse };

/** How often a restart tries its old ports again before it gives up. */
export const RESTART_ATTEMPTS = 10;

/**
 * Starts the stack again on the ports of an earlier run (the issuer in tokens names the
 * Cognito port, so a restart must keep it). A port the system handed out once can be taken
 * for a moment by another process's outgoing connection, so a busy port is tried again, a
 * bounded number of times with a growing pause, before the restart fails.
 *
 * @example
 * await first.stack.close();
 * const second = await restartTestStack({ dataDir, ports: first.ports });
 */
export async function restartTestStack(options: TestStackOptions & { ports: Ports }): Promise<TestStack> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTestStack(options);
    } catch (error) {
      if (!isPortInUse(error) || attempt >= RESTART_ATTEMPTS) throw error;
      await delay(50 * 2 ** Math.min(attempt, 5));
    }
  }
}

/** Where users sign in: a local Cognito, and the callback URL registered on its app client. */
export interface SignInTarget {
  readonly cognito?: LocalCognito;
  readonly callbackUrl: string;
}

function cognitoOf(target: SignInTarget): LocalCognito {
  if (!target.cognito) throw new Error('this stack runs without a local Cognito');
  return target.cognito;
}

export function adminClient(target: SignInTarget): CognitoIdentityProviderClient {
  const cognito = cognitoOf(target);
  return new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export const PASSWORD = 'Correct-Horse-9';

/**
 * An administrator invites a user, as Part II of the tutorial does: a temporary password that
 * must be changed at the first sign-in.
 */
export async function inviteUser(
  target: SignInTarget,
  email: string,
  temporaryPassword: string,
  options: { name?: string } = {},
): Promise<void> {
  const client = adminClient(target);
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: cognitoOf(target).userPoolId,
        Username: email,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: options.name ?? 'Grace Hopper' },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
}

/** An administrator creates a confirmed user with a permanent password (optionally an admin). */
export async function createUser(
  target: SignInTarget,
  email: string,
  options: { admin?: boolean } = {},
): Promise<void> {
  const client = adminClient(target);
  try {
    const UserPoolId = cognitoOf(target).userPoolId;
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: email.split('@')[0]! },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: PASSWORD, Permanent: true }),
    );
    if (options.admin) {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: 'admin' }));
    }
  } finally {
    client.destroy();
  }
}

export interface Tokens {
  readonly id_token: string;
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly token_type: string;
}

/** What a sign-in gives: the authorization code as well as the tokens it was exchanged for. */
export interface SignInResult {
  readonly code: string;
  readonly tokens: Tokens;
}

/** How a user signs in: the password (`PASSWORD` by default), a new one when a change is forced, the scopes asked for. */
export interface SignInOptions {
  readonly password?: string;
  readonly newPassword?: string;
  readonly scope?: string;
}

/**
 * Part III: sign in through managed login and exchange the code with the client secret (Basic),
 * keeping the code too (the log suite searches the logs for it).
 *
 * @example
 * const { code, tokens } = await signInWithCode(stack, 'ada@example.com', { scope: 'openid notes/read' });
 */
export async function signInWithCode(
  target: SignInTarget,
  email: string,
  options: SignInOptions = {},
): Promise<SignInResult> {
  const cognito = cognitoOf(target);
  const result = await signInWithHttp({
    url: cognito.url,
    clientId: cognito.clientId,
    redirectUri: target.callbackUrl,
    username: email,
    password: options.password ?? PASSWORD,
    ...(options.newPassword === undefined ? {} : { newPassword: options.newPassword }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
  if (!result.code) throw new Error(`sign-in ended without a code: ${result.location}`);
  const response = await fetch(`${cognito.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${cognito.clientId}:${cognito.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: result.code,
      redirect_uri: target.callbackUrl,
    }),
  });
  if (response.status !== 200)
    throw new Error(`the token endpoint answered ${response.status}: ${await response.text()}`);
  return { code: result.code, tokens: (await response.json()) as Tokens };
}

/** Part III, when only the tokens matter: `signInWithCode` without the code. */
export async function signIn(target: SignInTarget, email: string, options: SignInOptions = {}): Promise<Tokens> {
  return (await signInWithCode(target, email, options)).tokens;
}

/** A JWT's payload: the claims the tests read, and the others. */
export interface JwtClaims {
  readonly sub: string;
  readonly exp: number;
  readonly [claim: string]: unknown;
}

/** The claims of a JWT (read, not verified: the API verifies). */
export function claimsOf(token: string): JwtClaims {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** The `sub` of a JWT (read, not verified: the API verifies). */
export function subOf(token: string): string {
  return claimsOf(token).sub;
}
