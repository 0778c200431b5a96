/**
 * The Cognito user pool authorizer of the local API Gateway, against a test issuer (an RSA key
 * and its JWKS on loopback): which tokens pass, which answer the gateway gives the others, and
 * the claims the integration receives.
 */

import { startTestIssuer, type TestIssuer } from '@secure-notes/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/test-gateway.js';

const UNAUTHORIZED = { message: 'Unauthorized' };
const EXPIRED = { message: 'The incoming token has expired' };

describe('the Cognito user pool authorizer', () => {
  let issuer: TestIssuer;
  let t: TestGateway;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startTestGateway({
      authorizers: { CognitoAuth: { type: 'COGNITO_USER_POOLS', issuer: issuer.issuer, jwksUri: issuer.jwksUri } },
      routes: [
        { method: 'GET', path: '/notes', function: 'App', authorizer: 'CognitoAuth' },
        {
          method: 'GET',
          path: '/scoped',
          function: 'App',
          authorizer: 'CognitoAuth',
          authorizationScopes: ['notes/read'],
        },
      ],
    });
  });

  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  afterEach(() => {
    expect(t.schemaProblems.splice(0)).toEqual([]);
  });

  const idToken = (claims: Record<string, unknown> = {}) =>
    issuer.token({ sub: 'user-1', token_use: 'id', aud: 'web-client', ...claims });
  const accessToken = (scope: string) =>
    issuer.token({ sub: 'user-1', token_use: 'access', client_id: 'web-client', scope });
  const call = (path: string, authorization?: string) =>
    t.request('GET', `/dev${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  it('lets an ID token through, raw or as a Bearer token, with every claim a string', async () => {
    const token = idToken({
      email: 'alice@example.com',
      email_verified: true,
      auth_time: 1718636404,
      'cognito:groups': ['admin', 'editors'],
    });

    const raw = await call('/notes', token);
    const bearer = await call('/notes', `Bearer ${token}`);

    expect(raw.status).toBe(200);
    expect(bearer.status).toBe(200);
    const { event } = raw.json as { event: { requestContext: { authorizer: { claims: Record<string, string> } } } };
    expect(event.requestContext.authorizer).toEqual({ claims: expect.any(Object) });
    const { claims } = event.requestContext.authorizer;
    expect(claims).toMatchObject({
      sub: 'user-1',
      token_use: 'id',
      email_verified: 'true',
      auth_time: '1718636404',
      'cognito:groups': 'admin,editors',
      iss: issuer.issuer,
    });
    expect(claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
  });

  it('checks the pool, not the app client: an ID token of any client of the pool passes', async () => {
    expect((await call('/notes', idToken({ aud: 'another-client-of-the-pool' }))).status).toBe(200);
  });

  it('takes ID tokens only on a method without scopes, access tokens only on a method with scopes', async () => {
    const onPlain = await call('/notes', accessToken('openid notes/read'));
    const idOnScoped = await call('/scoped', idToken());
    const accessOnScoped = await call('/scoped', accessToken('openid notes/read'));
    const otherScope = await call('/scoped', accessToken('openid notes/write'));

    expect(onPlain.json).toEqual(UNAUTHORIZED);
    expect(idOnScoped.json).toEqual(UNAUTHORIZED);
    expect(accessOnScoped.status).toBe(200);
    expect(otherScope.status).toBe(401);
    expect(otherScope.json).toEqual(UNAUTHORIZED);
  });

  it('says when the token has expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;

    const answer = await call('/notes', idToken({ iat: past - 3600, exp: past }));

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual(EXPIRED);
    expect(answer.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  });

  it.each([
    ['no token', undefined],
    ['an empty header', ''],
    ['garbage', 'invalid.token.here'],
    ['a Basic credential', 'Basic YWxpY2U6c2VjcmV0'],
  ])('answers %s with 401 Unauthorized', async (_name, authorization) => {
    const answer = await call('/notes', authorization);

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual(UNAUTHORIZED);
  });

  it('answers a forged signature, another issuer, or an unsigned token with 401 Unauthorized', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', token_use: 'id', iss: issuer.issuer, exp: 9_999_999_999 })).toString('base64url')}.`;

    const forged = await call('/notes', issuer.token({ sub: 'user-1', token_use: 'id' }, { key: 'impostor' }));
    const otherIssuer = await call(
      '/notes',
      idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
    );
    const none = await call('/notes', unsigned);

    for (const answer of [forged, otherIssuer, none]) expect(answer.json).toEqual(UNAUTHORIZED);
  });

  it("loads the pool's keys once, not per request", async () => {
    for (let i = 0; i < 5; i += 1) await call('/notes', idToken());

    expect(issuer.jwksRequests).toBe(1);
  });
});
