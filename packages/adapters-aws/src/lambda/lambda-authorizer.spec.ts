import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Principal, TokenVerifier } from '@secure-notes/domain';
import {
  accessTokenClaims,
  type Claims,
  forgedTokens,
  idTokenClaims,
  jwksOf,
  makeTestKey,
  nowSeconds,
  signToken,
  type TestKey,
} from '@secure-notes/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoTokenVerifier } from '../cognito/cognito-token-verifier.js';
import type { AuthorizerPolicy } from './authorizer-policy.js';
import { createRequestAuthorizer, createTokenAuthorizer } from './lambda-authorizer.js';
import { methodArn, requestAuthorizerEvent, TEST_STAGE_ARN, tokenAuthorizerEvent } from './testing/events.js';

const ISSUER = 'http://localhost:9229/us-east-1_Authz123';
const CLIENT_ID = 'authz0client0id';

let keys: { id: TestKey; access: TestKey; attacker: TestKey };
let verifier: CognitoTokenVerifier;
const logger = new Logger({ serviceName: 'authorizer-test', logLevel: 'SILENT' });

beforeAll(async () => {
  const [id, access, attacker] = await Promise.all([makeTestKey(), makeTestKey(), makeTestKey()]);
  keys = { id, access, attacker };
  const jwks = jwksOf(id, access);
  verifier = new CognitoTokenVerifier({
    userPoolId: 'us-east-1_Authz123',
    clientIds: [CLIENT_ID],
    issuer: ISSUER,
    jwks,
    fetch: async () => Response.json(jwks),
  });
});

const idToken = (claims: Claims = {}) => signToken(keys.id, idTokenClaims(ISSUER, CLIENT_ID, claims));
const accessToken = (claims: Claims = {}) => signToken(keys.access, accessTokenClaims(ISSUER, CLIENT_ID, claims));

/** Whether an IAM resource pattern (`*` any run of characters, `?` one) matches an ARN. */
function matches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${regex}$`).test(arn);
}

/** What the policy decides for a method, as API Gateway evaluates a cached policy: Deny wins. */
function decide(policy: AuthorizerPolicy, method: string, path: string): 'allow' | 'deny' | 'none' {
  const arn = methodArn(method, path);
  const hits = policy.Statement.filter((statement) => statement.Resource.some((pattern) => matches(pattern, arn)));
  if (hits.some((statement) => statement.Effect === 'Deny')) return 'deny';
  return hits.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'none';
}

const EVERY_METHOD: [string, string][] = [
  ['GET', '/notes'],
  ['POST', '/notes'],
  ['GET', '/notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB'],
  ['PATCH', '/notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB'],
  ['DELETE', '/notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB'],
  ['GET', '/admin/users/some-sub/notes'],
];

function decisions(policy: AuthorizerPolicy): Record<string, string> {
  return Object.fromEntries(EVERY_METHOD.map(([method, path]) => [`${method} ${path}`, decide(policy, method, path)]));
}

describe('the TOKEN authorizer', () => {
  it('gives an ID token a policy for every note route, whatever method triggered it (the caching pitfall)', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const token = await idToken();

    const result = await authorize(tokenAuthorizerEvent(token, methodArn('GET', '/notes')));

    expect(decisions(result.policyDocument)).toEqual({
      'GET /notes': 'allow',
      'POST /notes': 'allow',
      'GET /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'allow',
      'PATCH /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'allow',
      'DELETE /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'allow',
      'GET /admin/users/some-sub/notes': 'deny',
    });
  });

  it('names the caller by sub and passes identity facts as strings, and the token’s exp', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const sub = randomUUID();
    const exp = nowSeconds() + 120;
    const token = await idToken({ sub, exp, email: 'alice@example.com', 'cognito:groups': ['editors', 'admin'] });

    const result = await authorize(tokenAuthorizerEvent(`Bearer ${token}`, methodArn('POST', '/notes')));

    expect(result.principalId).toBe(sub);
    expect(result.context).toEqual({
      userId: sub,
      email: 'alice@example.com',
      groups: 'editors,admin',
      scopes: '',
      tokenUse: 'id',
      exp,
    });
    // API Gateway takes strings, numbers and booleans as context values, nothing else.
    for (const value of Object.values(result.context)) expect(['string', 'number']).toContain(typeof value);
  });

  it('lets an admin call the admin route, and only an admin', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });

    const admin = await authorize(
      tokenAuthorizerEvent(await idToken({ 'cognito:groups': ['admin'] }), methodArn('GET', '/notes')),
    );
    const user = await authorize(
      tokenAuthorizerEvent(await idToken({ 'cognito:groups': ['users'] }), methodArn('GET', '/notes')),
    );

    expect(decide(admin.policyDocument, 'GET', '/admin/users/x/notes')).toBe('allow');
    expect(decide(user.policyDocument, 'GET', '/admin/users/x/notes')).toBe('deny');
  });

  it('gives a notes/read access token the GET routes and nothing else', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const token = await accessToken({ scope: 'openid notes/read' });

    const result = await authorize(tokenAuthorizerEvent(token, methodArn('GET', '/notes')));

    expect(decisions(result.policyDocument)).toEqual({
      'GET /notes': 'allow',
      'POST /notes': 'none',
      'GET /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'allow',
      'PATCH /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'none',
      'DELETE /notes/01JDQ4ZK8G6Y4M3XWQY9T2V7AB': 'none',
      'GET /admin/users/some-sub/notes': 'deny',
    });
    expect(result.context).toMatchObject({ tokenUse: 'access', scopes: 'openid notes/read' });
  });

  it('gives a notes/write access token the write routes only', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const token = await accessToken({ scope: 'notes/write' });

    const result = await authorize(tokenAuthorizerEvent(token, methodArn('POST', '/notes')));

    expect(decide(result.policyDocument, 'POST', '/notes')).toBe('allow');
    expect(decide(result.policyDocument, 'PATCH', '/notes/x')).toBe('allow');
    expect(decide(result.policyDocument, 'GET', '/notes')).toBe('none');
  });

  it('refuses an access token with no notes scope, with Unauthorized', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const token = await accessToken({ scope: 'openid email profile' });

    await expect(authorize(tokenAuthorizerEvent(token, methodArn('GET', '/notes')))).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses every forged or broken token with exactly Unauthorized', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });
    const forged = await forgedTokens({
      idToken: await idToken(),
      accessToken: await accessToken(),
      noScopeAccessToken: await accessToken({ scope: 'openid' }),
      refreshToken: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.opaque.refresh.token.value',
      jwks: jwksOf(keys.id, keys.access) as never,
      attacker: keys.attacker,
      resign: (claims, use) => signToken(use === 'id' ? keys.id : keys.access, claims),
    });
    const extra = ['', 'invalid', 'invalid.token.here', 'Bearer ', 'Basic YWxpY2U6c2VjcmV0'];

    expect(forged.length).toBeGreaterThanOrEqual(20);
    for (const authorization of [...forged.map((f) => f.authorization), ...extra]) {
      const refused = authorize(tokenAuthorizerEvent(authorization, methodArn('GET', '/notes')));
      await expect(refused, authorization.slice(0, 40)).rejects.toThrow(/^Unauthorized$/);
    }
  });

  it('answers a method ARN it cannot read with an error that is not Unauthorized (a 500, a misconfiguration)', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });

    await expect(
      authorize({ type: 'TOKEN', authorizationToken: await idToken(), methodArn: 'nonsense' }),
    ).rejects.toThrow(/method ARN/);
  });
});

describe('the REQUEST authorizer', () => {
  it('reads the Authorization header whatever its case, and returns the same policy', async () => {
    const authorize = createRequestAuthorizer({ verifier, logger });
    const token = await idToken();

    const lower = await authorize(requestAuthorizerEvent({ authorization: token }, methodArn('GET', '/notes')));
    const title = await authorize(
      requestAuthorizerEvent({ Authorization: `Bearer ${token}` }, methodArn('GET', '/notes')),
    );

    expect(lower.policyDocument).toEqual(title.policyDocument);
    expect(decide(lower.policyDocument, 'DELETE', '/notes/x')).toBe('allow');
  });

  it('passes the token’s exp in its context, as the TOKEN authorizer does', async () => {
    const authorize = createRequestAuthorizer({ verifier, logger });
    const exp = nowSeconds() + 90;
    const token = await accessToken({ exp, scope: 'notes/read' });

    const result = await authorize(requestAuthorizerEvent({ Authorization: token }, methodArn('GET', '/notes')));

    expect(result.context.exp).toBe(exp);
  });

  it('refuses a request without the header, without verifying anything', async () => {
    const counting: TokenVerifier = {
      verify: vi.fn(async (): Promise<Principal> => ({ userId: 'x', groups: [], scopes: [], tokenUse: 'id' })),
    };
    const authorize = createRequestAuthorizer({ verifier: counting, logger });

    await expect(authorize(requestAuthorizerEvent({ Accept: '*/*' }, methodArn('GET', '/notes')))).rejects.toThrow(
      /^Unauthorized$/,
    );
    expect(counting.verify).not.toHaveBeenCalled();
  });
});

describe('the policy', () => {
  it('is scoped to the API and stage of the method ARN', async () => {
    const authorize = createTokenAuthorizer({ verifier, logger });

    const result = await authorize(tokenAuthorizerEvent(await idToken(), methodArn('GET', '/notes')));

    for (const statement of result.policyDocument.Statement) {
      for (const resource of statement.Resource) expect(resource.startsWith(`${TEST_STAGE_ARN}/`)).toBe(true);
    }
  });
});
