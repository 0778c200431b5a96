/**
 * Helpers for tests against a running local Cognito: an SDK client, users made the way an
 * administrator makes them, `SECRET_HASH`, and the token endpoint called the way a web
 * application calls it. They use the AWS SDK (a dev dependency): import them from tests only.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCognito } from '../server.js';

export const STRONG_PASSWORD = 'Correct-Horse-9';

/** An email no other test uses. */
export function freshEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

/**
 * Cognito's `SECRET_HASH` for `username` and an app client with a secret.
 *
 * @example
 * secretHash(cognito.clientId, cognito.clientSecret, 'ada@example.com');
 */
export function secretHash(clientId: string, clientSecret: string, username: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/** Where a running local Cognito answers: enough to call its API and its OAuth endpoints. */
export type CognitoAddress = Pick<LocalCognito, 'url' | 'region' | 'userPoolId'>;

/** The real AWS SDK client, pointed at the local Cognito with dummy credentials. */
export function adminClient(cognito: CognitoAddress): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A CONFIRMED user with a name and `STRONG_PASSWORD`, created through the SDK. */
export async function createConfirmedUser(
  cognito: CognitoAddress,
  options: { email?: string; name?: string } = {},
): Promise<{ email: string; username: string }> {
  const sdk = adminClient(cognito);
  try {
    const email = options.email ?? freshEmail();
    const created = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'name', Value: options.name ?? 'Ada Lovelace' },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        Password: STRONG_PASSWORD,
        Permanent: true,
      }),
    );
    return { email, username: created.User?.Username as string };
  } finally {
    sdk.destroy();
  }
}

/** POST /oauth2/token with a form body; `basic` authenticates with the Authorization header. */
export async function tokenRequest(
  cognito: CognitoAddress,
  form: Record<string, string>,
  auth: { basic?: { id: string; secret: string } } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${cognito.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth.basic
        ? { authorization: `Basic ${Buffer.from(`${auth.basic.id}:${auth.basic.secret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}
