import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCognito } from '../server.js';
import { createConfirmedUser, STRONG_PASSWORD } from '../testing/admin.js';
import { signInWithHttp } from '../testing/http-sign-in.js';
import { startCognitoForTest } from '../testing/start-for-test.js';

const APP_ORIGIN = 'http://localhost:5173';
const CALLBACK = `${APP_ORIGIN}/callback`;

let cognito: LocalCognito;
let clientId: string;

beforeAll(async () => {
  ({ cognito } = await startCognitoForTest());
  clientId = cognito.ensurePublicClient({
    clientName: 'browser app',
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
    explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    supportedIdentityProviders: ['COGNITO'],
    callbackUrls: [CALLBACK],
    logoutUrls: [`${APP_ORIGIN}/`],
    enableTokenRevocation: true,
  });
});

afterAll(async () => {
  await cognito.close();
});

/** A code for a confirmed user through managed login, with PKCE; the verifier to redeem it. */
async function codeWithPkce() {
  const { email } = await createConfirmedUser(cognito);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const signIn = await signInWithHttp({
    url: cognito.url,
    clientId,
    redirectUri: CALLBACK,
    username: email,
    password: STRONG_PASSWORD,
    scope: 'openid email profile notes/read notes/write',
    codeChallenge: challenge,
  });
  return { code: signIn.code as string, verifier };
}

function redeem(form: Record<string, string>) {
  return fetch(`${cognito.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP_ORIGIN },
    body: new URLSearchParams(form).toString(),
  });
}

describe('a browser app on another origin', () => {
  it('redeems its code with PKCE and no secret, and may read the answer', async () => {
    const { code, verifier } = await codeWithPkce();

    const answer = await redeem({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('vary')).toMatch(/Origin/);
    expect(await answer.json()).toMatchObject({ refresh_token: expect.any(String), expires_in: 3600 });
  });

  it('may read a refusal too, so the app can tell what went wrong', async () => {
    const answer = await redeem({ grant_type: 'refresh_token', client_id: clientId, refresh_token: 'nope' });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('gets its preflight answered with the method and headers it asked for', async () => {
    const answer = await fetch(`${cognito.url}/oauth2/userInfo`, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-allow-methods')).toContain('GET');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('reads the JWKS and the discovery document from any origin', async () => {
    for (const url of [cognito.jwksUri, `${cognito.issuer}/.well-known/openid-configuration`]) {
      const answer = await fetch(url, { headers: { origin: APP_ORIGIN } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('gets no CORS headers on the managed login pages', async () => {
    const answer = await fetch(
      `${cognito.url}/login?client_id=${clientId}&response_type=code&redirect_uri=${CALLBACK}`,
      {
        headers: { origin: APP_ORIGIN },
      },
    );

    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('LocalCognito.ensurePublicClient', () => {
  it('keeps one client per name, with no secret', () => {
    const again = cognito.ensurePublicClient({
      clientName: 'browser app',
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid'],
      callbackUrls: [CALLBACK],
    });

    expect(again).toBe(clientId);
  });
});

describe('LocalCognito.setTokenLifetimeForTests', () => {
  it('makes the client’s ID and access tokens short-lived', async () => {
    const { code, verifier } = await codeWithPkce();
    cognito.setTokenLifetimeForTests(clientId, 20);

    const answer = await redeem({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    });

    expect(await answer.json()).toMatchObject({ expires_in: 20 });
  });
});
