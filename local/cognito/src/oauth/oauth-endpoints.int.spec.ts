import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmedUser, STRONG_PASSWORD, tokenRequest } from '../testing/admin.js';
import { signInWithHttp } from '../testing/http-sign-in.js';
import { startCognitoForTest, type TestCognito } from '../testing/start-for-test.js';

const CALLBACK = 'http://localhost:3000/callback';
let local: TestCognito;

beforeAll(async () => {
  local = await startCognitoForTest();
});

afterAll(async () => {
  await local?.cognito.close();
});

function authorizeUrl(params: Record<string, string>): string {
  return `${local.cognito.url}/oauth2/authorize?${new URLSearchParams(params)}`;
}

const validAuthorize = (extra: Record<string, string> = {}) => ({
  client_id: local.cognito.clientId,
  response_type: 'code',
  redirect_uri: CALLBACK,
  scope: 'openid email profile',
  state: `state-${randomUUID()}`,
  ...extra,
});

async function signedInCode(options: { scope?: string; nonce?: string; codeChallenge?: string } = {}) {
  const { email, username } = await createConfirmedUser(local.cognito);
  const state = `state-${randomUUID()}`;
  const result = await signInWithHttp({
    url: local.cognito.url,
    clientId: local.cognito.clientId,
    redirectUri: CALLBACK,
    username: email,
    password: STRONG_PASSWORD,
    state,
    ...options,
  });
  return { email, username, state, result, code: result.code as string };
}

const basic = () => ({ basic: { id: local.cognito.clientId, secret: local.cognito.clientSecret } });

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('GET /oauth2/authorize', () => {
  it('redirects to /login with the same query string', async () => {
    // prepare
    const url = authorizeUrl(validAuthorize());

    // act
    const response = await fetch(url, { redirect: 'manual' });

    // assert
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/login?${new URL(url).searchParams}`);
  });

  it.each([
    ['an unknown client', { client_id: 'nosuchclient000000000000000' }],
    ['an unregistered redirect_uri', { redirect_uri: 'http://localhost:3000/elsewhere' }],
    ['a redirect_uri with a fragment', { redirect_uri: `${CALLBACK}#top` }],
    ['an http redirect_uri that is not localhost', { redirect_uri: 'http://example.com/callback' }],
    ['no redirect_uri', { redirect_uri: '' }],
  ])('shows the error on the page for %s', async (_case, override) => {
    // act
    const response = await fetch(authorizeUrl(validAuthorize(override)), { redirect: 'manual' });

    // assert
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it.each([
    ['an unknown scope', { scope: 'openid notes/delete' }, 'invalid_scope'],
    ['email without openid', { scope: 'email' }, 'invalid_scope'],
    ['an unsupported response_type', { response_type: 'id_token' }, 'invalid_request'],
    ['the implicit grant the client is not allowed', { response_type: 'token' }, 'unauthorized_client'],
    [
      'PKCE with the plain method',
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      'invalid_request',
    ],
    ['a code_challenge without a method', { code_challenge: 'a'.repeat(43) }, 'invalid_request'],
    ['an unknown identity provider', { identity_provider: 'Google' }, 'invalid_request'],
  ])('sends %s back to the client as a redirect with error and state', async (_case, override, error) => {
    // prepare
    const params = validAuthorize(override);

    // act
    const response = await fetch(authorizeUrl(params), { redirect: 'manual' });

    // assert
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error, state: params.state });
  });
});

describe('POST /oauth2/token with the authorization code grant', () => {
  it('exchanges a code once (client_secret_basic) for ID, access and refresh tokens', async () => {
    // prepare
    const { code, state, result } = await signedInCode();

    // act
    const first = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );
    const reused = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );

    // assert
    expect(result.state).toBe(state);
    expect(`${result.location.origin}${result.location.pathname}`).toBe(CALLBACK);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ]);
    expect(first.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('accepts client_secret_post', async () => {
    // prepare
    const { code } = await signedInCode();

    // act
    const response = await tokenRequest(local.cognito, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: local.cognito.clientId,
      client_secret: local.cognito.clientSecret,
    });

    // assert
    expect(response.status).toBe(200);
    expect(typeof response.body.id_token).toBe('string');
  });

  it('refuses a redirect_uri other than the one sent to authorize (invalid_grant)', async () => {
    // prepare
    const { code } = await signedInCode();

    // act
    const response = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/other' },
      basic(),
    );

    // assert
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong client secret, an unknown client and no client authentication', async () => {
    // prepare
    const { code } = await signedInCode();
    const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK };

    // act
    const wrongSecret = await tokenRequest(local.cognito, form, {
      basic: { id: local.cognito.clientId, secret: 'x'.repeat(51) },
    });
    const unknownClient = await tokenRequest(local.cognito, {
      ...form,
      client_id: 'nosuchclient000000000000000',
      client_secret: local.cognito.clientSecret,
    });
    const noSecret = await tokenRequest(local.cognito, { ...form, client_id: local.cognito.clientId });

    // assert
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(unknownClient).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(noSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });

  it('refuses a missing or unknown grant_type, missing parameters and a non-form body', async () => {
    // act
    const noGrant = await tokenRequest(local.cognito, { code: 'x' }, basic());
    const unknownGrant = await tokenRequest(local.cognito, { grant_type: 'password' }, basic());
    const noCode = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', redirect_uri: CALLBACK },
      basic(),
    );
    const unknownCode = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code: randomUUID(), redirect_uri: CALLBACK },
      basic(),
    );
    const json = await fetch(`${local.cognito.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });

    // assert
    expect(noGrant).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(unknownGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(noCode).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(unknownCode).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ error: 'invalid_request' });
  });

  it('checks the PKCE verifier (S256): missing is invalid_request, wrong is invalid_grant', async () => {
    // prepare
    const pkce = pkcePair();
    const missing = await signedInCode({ codeChallenge: pkce.challenge });
    const wrong = await signedInCode({ codeChallenge: pkce.challenge });
    const right = await signedInCode({ codeChallenge: pkce.challenge });
    const exchange = (code: string, verifier?: string) =>
      tokenRequest(
        local.cognito,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: CALLBACK,
          ...(verifier !== undefined ? { code_verifier: verifier } : {}),
        },
        basic(),
      );

    // act
    const withoutVerifier = await exchange(missing.code);
    const withWrongVerifier = await exchange(wrong.code, pkcePair().verifier);
    const withVerifier = await exchange(right.code, pkce.verifier);

    // assert
    expect(withoutVerifier).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(withWrongVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(withVerifier.status).toBe(200);
  });

  it('issues tokens that verify with the JWKS URL and expected issuer and audience alone, with Cognito claims', async () => {
    // prepare
    const nonce = `nonce-${randomUUID()}`;
    const { code, email, username } = await signedInCode({ nonce, scope: 'openid email profile notes/read' });
    const tokens = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );
    const jwks = createRemoteJWKSet(new URL(local.cognito.jwksUri));

    // act
    const id = await jwtVerify(tokens.body.id_token as string, jwks, {
      issuer: local.cognito.issuer,
      audience: local.cognito.clientId,
      algorithms: ['RS256'],
    });
    const access = await jwtVerify(tokens.body.access_token as string, jwks, {
      issuer: local.cognito.issuer,
      algorithms: ['RS256'],
    });

    // assert
    expect(Object.keys(id.payload).sort()).toEqual(
      [
        'sub',
        'aud',
        'token_use',
        'cognito:username',
        'email',
        'email_verified',
        'name',
        'auth_time',
        'iss',
        'exp',
        'iat',
        'jti',
        'origin_jti',
        'event_id',
        'nonce',
      ].sort(),
    );
    expect(id.payload).toMatchObject({
      sub: username,
      aud: local.cognito.clientId,
      token_use: 'id',
      'cognito:username': username,
      email,
      email_verified: true,
      name: 'Ada Lovelace',
      nonce,
    });
    expect(Object.keys(access.payload).sort()).toEqual(
      [
        'sub',
        'token_use',
        'scope',
        'client_id',
        'username',
        'auth_time',
        'iss',
        'exp',
        'iat',
        'jti',
        'origin_jti',
        'event_id',
        'version',
      ].sort(),
    );
    expect(access.payload).toMatchObject({
      token_use: 'access',
      scope: 'openid email profile notes/read',
      client_id: local.cognito.clientId,
      username,
      version: 2,
    });
    expect(access.payload.exp).toBe((access.payload.iat as number) + 3600);
    expect(access.payload.origin_jti).toBe(id.payload.origin_jti);
    expect(decodeProtectedHeader(tokens.body.id_token as string).kid).not.toBe(
      decodeProtectedHeader(tokens.body.access_token as string).kid,
    );
  });

  it('gives no ID token without the openid scope', async () => {
    // prepare
    const { code } = await signedInCode({ scope: 'notes/read notes/write' });

    // act
    const response = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );

    // assert
    expect(response.status).toBe(200);
    expect(response.body.id_token).toBeUndefined();
    expect(decodeJwt(response.body.access_token as string).scope).toBe('notes/read notes/write');
  });
});

describe('refresh, userInfo and revoke', () => {
  it('refreshes (new ID and access tokens, no refresh token, same auth_time), then revoke ends it and its access tokens', async () => {
    // prepare
    const { code, email, username } = await signedInCode();
    const tokens = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );
    const refreshToken = tokens.body.refresh_token as string;
    const userInfo = (accessToken: string) =>
      fetch(`${local.cognito.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

    // act
    const refreshed = await tokenRequest(
      local.cognito,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic(),
    );
    const infoBefore = await userInfo(refreshed.body.access_token as string);
    const revoke = await fetch(`${local.cognito.url}/oauth2/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${local.cognito.clientId}:${local.cognito.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: refreshToken }).toString(),
    });
    const refreshAfterRevoke = await tokenRequest(
      local.cognito,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic(),
    );
    const infoAfterOriginal = await userInfo(tokens.body.access_token as string);
    const infoAfterRefreshed = await userInfo(refreshed.body.access_token as string);

    // assert
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'token_type']);
    expect(decodeJwt(refreshed.body.id_token as string).auth_time).toBe(
      decodeJwt(tokens.body.id_token as string).auth_time,
    );
    expect(infoBefore.status).toBe(200);
    expect(await infoBefore.json()).toEqual({
      sub: username,
      email,
      email_verified: 'true',
      name: 'Ada Lovelace',
      username,
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toBe('');
    expect(refreshAfterRevoke).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    for (const response of [infoAfterOriginal, infoAfterRefreshed]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('answers userInfo with a garbage, missing or ID token with 401 invalid_token', async () => {
    // prepare
    const { code } = await signedInCode();
    const tokens = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );

    // act
    const garbage = await fetch(`${local.cognito.url}/oauth2/userInfo`, {
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    const missing = await fetch(`${local.cognito.url}/oauth2/userInfo`);
    const idToken = await fetch(`${local.cognito.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.body.id_token as string}` },
    });

    // assert
    for (const response of [garbage, missing, idToken]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('answers revoke errors: no token 400, an access token 400 unsupported_token_type, a bad client 401, an unknown token 200', async () => {
    // prepare
    const { code } = await signedInCode();
    const tokens = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      basic(),
    );
    const revoke = (form: Record<string, string>, secret = local.cognito.clientSecret) =>
      fetch(`${local.cognito.url}/oauth2/revoke`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${local.cognito.clientId}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams(form).toString(),
      });

    // act
    const noToken = await revoke({});
    const accessToken = await revoke({ token: tokens.body.access_token as string });
    const badClient = await revoke({ token: tokens.body.refresh_token as string }, 'wrong');
    const unknown = await revoke({ token: randomBytes(64).toString('base64url') });
    const stillWorks = await tokenRequest(
      local.cognito,
      { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string },
      basic(),
    );

    // assert
    expect([noToken.status, await noToken.json()]).toEqual([400, { error: 'invalid_request' }]);
    expect([accessToken.status, await accessToken.json()]).toEqual([400, { error: 'unsupported_token_type' }]);
    expect([badClient.status, await badClient.json()]).toEqual([401, { error: 'invalid_client' }]);
    expect([unknown.status, await unknown.text()]).toEqual([200, '']);
    expect(stillWorks.status).toBe(200);
  });
});

describe('POST /oauth2/token with client_credentials', () => {
  const m2m = () => ({ basic: { id: local.cognito.m2mClientId, secret: local.cognito.m2mClientSecret } });

  it('gives the machine client an access token only, with its resource-server scopes', async () => {
    // act
    const all = await tokenRequest(local.cognito, { grant_type: 'client_credentials' }, m2m());
    const one = await tokenRequest(local.cognito, { grant_type: 'client_credentials', scope: 'notes/read' }, m2m());

    // assert
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(decodeJwt(all.body.access_token as string)).toMatchObject({
      token_use: 'access',
      client_id: local.cognito.m2mClientId,
      sub: local.cognito.m2mClientId,
      scope: 'notes/read notes/write',
    });
    expect(decodeJwt(one.body.access_token as string).scope).toBe('notes/read');
  });

  it('refuses openid or unknown scopes (invalid_scope) and the web client (unauthorized_client)', async () => {
    // act
    const openid = await tokenRequest(local.cognito, { grant_type: 'client_credentials', scope: 'openid' }, m2m());
    const unknown = await tokenRequest(
      local.cognito,
      { grant_type: 'client_credentials', scope: 'notes/admin' },
      m2m(),
    );
    const webClient = await tokenRequest(local.cognito, { grant_type: 'client_credentials' }, basic());
    const codeGrant = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code: randomUUID(), redirect_uri: CALLBACK },
      m2m(),
    );

    // assert
    expect(openid).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(webClient).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    expect(codeGrant).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
  });
});

describe('discovery', () => {
  it('serves openid-configuration and a JWKS with two distinct RS256 keys under the issuer', async () => {
    // act
    const configuration = (await (
      await fetch(`${local.cognito.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    const jwks = (await (await fetch(local.cognito.jwksUri)).json()) as { keys: Record<string, unknown>[] };

    // assert
    expect(configuration).toMatchObject({
      issuer: local.cognito.issuer,
      jwks_uri: local.cognito.jwksUri,
      authorization_endpoint: `${local.cognito.url}/oauth2/authorize`,
      token_endpoint: `${local.cognito.url}/oauth2/token`,
      userinfo_endpoint: `${local.cognito.url}/oauth2/userInfo`,
      revocation_endpoint: `${local.cognito.url}/oauth2/revoke`,
      response_types_supported: ['code', 'token'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(jwks.keys).toHaveLength(2);
    expect(new Set(jwks.keys.map((key) => key.kid)).size).toBe(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });
});
