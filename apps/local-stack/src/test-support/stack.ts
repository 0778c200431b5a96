/**
 * The local stack for end-to-end tests: free ports, a captured log, a movable Cognito clock,
 * and the steps of the seed's walkthrough (create a user, sign in through managed login,
 * exchange the code) as functions.
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCognito } from '@secure-notes/local-cognito';
import { signInWithHttp } from '@secure-notes/local-cognito/testing';
import { pino } from 'pino';
import { type LocalStack, startLocalStack } from '../local-stack.js';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

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

export interface Ports {
  readonly apiPort: number;
  readonly cognitoPort: number;
  readonly dynamoDbPort: number;
}

export interface TestStack {
  readonly stack: LocalStack;
  readonly log: LogCapture;
  readonly ports: Ports;
  /** Moves the local Cognito's clock by this many milliseconds from now on (0 = real time). */
  setCognitoClockOffset(milliseconds: number): void;
}

export async function freePorts(): Promise<Ports> {
  return { apiPort: await freePort(), cognitoPort: await freePort(), dynamoDbPort: await freePort() };
}

export async function startTestStack(options: { dataDir?: string; ports?: Ports } = {}): Promise<TestStack> {
  const ports = options.ports ?? (await freePorts());
  const log = new LogCapture();
  let offset = 0;
  const stack = await startLocalStack({
    ...ports,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    logger: pino({ level: 'debug' }, log),
    cognitoNow: () => Date.now() + offset,
  });
  return {
    stack,
    log,
    ports,
    setCognitoClockOffset: (milliseconds) => {
      offset = milliseconds;
    },
  };
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

/** Part III: sign in through managed login and exchange the code with the client secret (Basic). */
export async function signIn(
  target: SignInTarget,
  email: string,
  options: { password?: string; newPassword?: string; scope?: string } = {},
): Promise<Tokens> {
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
  return (await response.json()) as Tokens;
}

/** The `sub` of a JWT (read, not verified: the API verifies). */
export function subOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
  return payload.sub;
}
