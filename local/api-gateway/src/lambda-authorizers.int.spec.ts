/**
 * Lambda authorizers (TOKEN and REQUEST) in the local API Gateway, with a fixture authorizer
 * whose token says what policy to return: the cache keyed as AWS keys it, the cached policy
 * applied to every later method (so an authorizer that allows only the first method fails
 * here as it fails on AWS), the TTL on a clock the test moves, and every way an authorizer
 * can fail.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRoute } from './local-api-gateway.js';
import { FIXTURES, startTestGateway, type TestGateway } from './testing/test-gateway.js';

const UNAUTHORIZED = { message: 'Unauthorized' };
const ACCESS_DENIED = { Message: 'User is not authorized to access this resource' };
const EXPLICIT_DENY = { Message: 'User is not authorized to access this resource with an explicit deny' };

function routes(authorizer: string): GatewayRoute[] {
  return [
    { method: 'GET', path: '/notes', function: 'App', authorizer },
    { method: 'POST', path: '/notes', function: 'App', authorizer },
    { method: 'GET', path: '/notes/{noteId}', function: 'App', authorizer },
    { method: 'GET', path: '/admin/users/{userId}/notes', function: 'App', authorizer },
  ];
}

let serial = 0;
/** A token no other test uses, so no test sees another's cache entry. */
const token = (kind: string) => `${kind}:user-${++serial}`;

describe('a TOKEN authorizer', () => {
  let t: TestGateway;
  const ORIGIN = 'https://app.example.com';

  beforeAll(async () => {
    t = await startTestGateway({
      authorizers: {
        LambdaAuth: { type: 'TOKEN', function: 'Authorizer', identitySource: 'method.request.header.Authorization' },
        Uncached: { type: 'TOKEN', function: 'Authorizer', resultTtlSeconds: 0 },
        Validated: { type: 'TOKEN', function: 'Authorizer', identityValidationExpression: '^(all|deny):' },
      },
      routes: [
        ...routes('LambdaAuth'),
        { method: 'GET', path: '/uncached', function: 'App', authorizer: 'Uncached' },
        { method: 'GET', path: '/validated', function: 'App', authorizer: 'Validated' },
      ],
      cors: {
        origins: [ORIGIN],
        allowMethods: ['GET'],
        allowHeaders: ['Authorization'],
        exposeHeaders: [],
        maxAgeSeconds: 1,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    expect(t.schemaProblems.splice(0)).toEqual([]);
  });

  const call = (method: string, path: string, authorization?: string) =>
    t.request(method, `/dev${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  it('gives the authorizer the header as sent and the method ARN of the request', async () => {
    const sent = `Bearer ${token('all')}`;

    await call('GET', '/notes/42', sent);

    const event = t.events.filter((e) => e.kind === 'authorizer').at(-1)?.event;
    expect(event).toEqual({
      type: 'TOKEN',
      authorizationToken: sent,
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:localapi01/dev/GET/notes/42',
    });
  });

  it("passes the policy's principal and context to the integration, values as strings", async () => {
    const answer = await call('GET', '/notes', token('all'));

    const { event } = answer.json as { event: { requestContext: { authorizer: Record<string, unknown> } } };
    expect(event.requestContext.authorizer).toEqual({
      principalId: `user-${serial}`,
      integrationLatency: expect.any(Number),
      tokenId: `user-${serial}`,
      number: '7',
      flag: 'true',
    });
  });

  it('reproduces the caching pitfall: a policy for the first method only makes the next method 403', async () => {
    const firstOnly = token('first-only');

    const first = await call('GET', '/notes', firstOnly);
    const second = await call('POST', '/notes', firstOnly);
    const again = await call('GET', '/notes', firstOnly);

    expect(first.status).toBe(200);
    expect(second.status).toBe(403);
    expect(second.json).toEqual(ACCESS_DENIED);
    expect(second.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(again.status).toBe(200);
    expect(t.gatewayLog.filter((l) => l.fields.authorizerCached === true).length).toBeGreaterThanOrEqual(2);
  });

  it('invokes the authorizer once per token while its result is cached, whatever the method', async () => {
    const before = t.authorizerInvocations();
    const all = token('all');

    const answers = [
      await call('GET', '/notes', all),
      await call('POST', '/notes', all),
      await call('GET', '/notes/1', all),
      await call('GET', '/notes/2', `${all}`),
    ];

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(t.authorizerInvocations() - before).toBe(1);
  });

  it('keys the cache by the header exactly as sent', async () => {
    const before = t.authorizerInvocations();
    const all = token('all');

    await call('GET', '/notes', all);
    await call('GET', '/notes', `Bearer ${all}`);

    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it('asks the authorizer again once the TTL (300 s by default) has passed', async () => {
    const before = t.authorizerInvocations();
    const all = token('all');

    await call('GET', '/notes', all);
    t.advanceClock(299_000);
    await call('GET', '/notes', all);
    const cachedSoFar = t.authorizerInvocations() - before;
    t.advanceClock(1_000);
    await call('GET', '/notes', all);

    expect(cachedSoFar).toBe(1);
    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it('caches an explicit Deny like any policy', async () => {
    const before = t.authorizerInvocations();
    const denyAdmin = token('deny-admin');

    const admin = await call('GET', '/admin/users/u-1/notes', denyAdmin);
    const adminAgain = await call('GET', '/admin/users/u-2/notes', denyAdmin);
    const notes = await call('GET', '/notes', denyAdmin);

    expect(admin.status).toBe(403);
    expect(admin.json).toEqual(EXPLICIT_DENY);
    expect(adminAgain.json).toEqual(EXPLICIT_DENY);
    expect(notes.status).toBe(200);
    expect(t.authorizerInvocations() - before).toBe(1);
  });

  it('a Deny wins over an Allow of the same method', async () => {
    const answer = await call('GET', '/notes', token('deny'));

    expect(answer.status).toBe(403);
    expect(answer.json).toEqual(EXPLICIT_DENY);
  });

  it('answers a thrown Unauthorized with 401 and does not cache it', async () => {
    const before = t.authorizerInvocations();

    const first = await call('GET', '/notes', 'unauthorized');
    const second = await call('GET', '/notes', 'unauthorized');

    for (const answer of [first, second]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(UNAUTHORIZED);
      expect(answer.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    }
    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty one', ''],
  ])('answers %s with 401 without invoking the authorizer', async (_name, authorization) => {
    const before = t.authorizerInvocations();

    const answer = await call('GET', '/notes', authorization);

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual(UNAUTHORIZED);
    expect(t.authorizerInvocations()).toBe(before);
  });

  it('answers a token that fails the validation expression with 401 without invoking the authorizer', async () => {
    const before = t.authorizerInvocations();

    const refused = await call('GET', '/validated', 'first-only:x');
    const passed = await call('GET', '/validated', token('all'));

    expect(refused.status).toBe(401);
    expect(passed.status).toBe(200);
    expect(t.authorizerInvocations() - before).toBe(1);
  });

  it.each([
    ['throws another error', 'broken'],
    ['returns a malformed result', 'malformed'],
    ['runs past its timeout', 'hang'],
  ])('answers 500 {"message":null} when the authorizer %s, and caches nothing', async (_name, kind) => {
    const before = t.authorizerInvocations();

    const first = await call('GET', '/notes', kind);
    const second = await call('GET', '/notes', kind);

    for (const answer of [first, second]) {
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ message: null });
      expect(answer.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
    }
    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it('caches nothing with a TTL of 0', async () => {
    const before = t.authorizerInvocations();
    const all = token('all');

    await call('GET', '/uncached', all);
    await call('GET', '/uncached', all);

    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it('puts the CORS headers on its 401 and 403 answers', async () => {
    const answer = await t.request('GET', '/dev/notes', { headers: { Origin: ORIGIN } });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('a REQUEST authorizer', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({
      stageVariables: { region: 'eu' },
      authorizers: {
        LambdaAuth: {
          type: 'REQUEST',
          function: 'Authorizer',
          identitySources: ['method.request.header.Authorization', 'method.request.querystring.tenant'],
        },
      },
      routes: routes('LambdaAuth'),
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    expect(t.schemaProblems.splice(0)).toEqual([]);
  });

  const call = (method: string, path: string, authorization?: string) =>
    t.request(method, `/dev${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  it('gives the authorizer the whole request but its body, and the method ARN', async () => {
    const sent = token('all');

    await call('POST', '/notes?tenant=acme', sent);

    const event = t.events.filter((e) => e.kind === 'authorizer').at(-1)?.event;
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:localapi01/dev/POST/notes',
      resource: '/notes',
      path: '/notes',
      httpMethod: 'POST',
      headers: { Authorization: sent },
      queryStringParameters: { tenant: 'acme' },
      pathParameters: {},
      stageVariables: { region: 'eu' },
      requestContext: { resourcePath: '/notes', stage: 'dev', path: '/dev/notes' },
    });
    expect(event).not.toHaveProperty('body');
  });

  it('answers 401 without invoking the authorizer when an identity source is missing', async () => {
    const before = t.authorizerInvocations();

    const noTenant = await call('GET', '/notes', token('all'));
    const noToken = await call('GET', '/notes?tenant=acme');
    const emptyTenant = await call('GET', '/notes?tenant=', token('all'));

    for (const answer of [noTenant, noToken, emptyTenant]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(UNAUTHORIZED);
    }
    expect(t.authorizerInvocations()).toBe(before);
  });

  it('keys the cache by every identity source', async () => {
    const before = t.authorizerInvocations();
    const all = token('all');

    await call('GET', '/notes?tenant=acme', all);
    await call('GET', '/notes/1?tenant=acme', all);
    await call('GET', '/notes?tenant=globex', all);

    expect(t.authorizerInvocations() - before).toBe(2);
  });

  it('applies the cached policy to every later method: the pitfall again', async () => {
    const firstOnly = token('first-only');

    const first = await call('GET', '/notes/1?tenant=acme', firstOnly);
    const second = await call('GET', '/notes/2?tenant=acme', firstOnly);

    expect(first.status).toBe(200);
    expect(second.status).toBe(403);
    expect(second.json).toEqual(ACCESS_DENIED);
  });

  it('refuses to start caching without identity sources', async () => {
    await expect(
      startTestGateway({
        authorizers: { Broken: { type: 'REQUEST', function: 'Authorizer' } },
        routes: routes('Broken'),
        functions: [
          { name: 'App', bundle: FIXTURES.app },
          { name: 'Authorizer', bundle: FIXTURES.authorizer },
        ],
      }),
    ).rejects.toThrow(/identitySources/);
  });
});
