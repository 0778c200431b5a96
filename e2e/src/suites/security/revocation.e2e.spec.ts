/**
 * The revocation window: after `GlobalSignOut`, `RevokeToken` or `AdminDisableUser`, how long a
 * user's ID and access tokens still open the API on each entrypoint. As on AWS, the pool's own
 * endpoints (userInfo, the refresh grant) refuse at once, while the JWTs stay valid until their
 * `exp`: no entrypoint asks the pool per request. So the window is the token's remaining life on
 * every entrypoint. Behind a Lambda authorizer API Gateway serves the policy it cached for the
 * token for 300 s, even past `exp`; the authorizer passes `exp` on and the notes function refuses
 * the caller from then on. Express's verified-token cache ends each entry at the token's `exp`.
 *
 * Waiting an hour is not needed: the pool's clock is moved back so that it issues tokens with a
 * few seconds left, and every request is stamped, so that "accepted before `exp`, refused from
 * `exp`" is checked request by request rather than against a time limit. The authorizer cache's
 * TTL is stepped over with a moved clock (the gateway reads `Date.now`).
 */
import {
  AdminDisableUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ENTRYPOINT_ANSWERS } from '@secure-notes/http-api';
import { secretHash, tokenRequest } from '@secure-notes/local-cognito/testing';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '@secure-notes/local-stack';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RawClient, rawClient } from '../../testing/security/raw-http.js';
import { report } from '../../testing/security/report.js';
import {
  type ApiUnderTest,
  RUNTIMES,
  type SecurityEnvironment,
  type SignedInUser,
  signedInUserOf,
  startSecurityEnvironment,
} from '../../testing/security/security-environment.js';
import { adminClient, claimsOf, PASSWORD } from '../../testing/stack.js';

/** Seconds a token has left when issued: long enough to warm every entrypoint, short enough to wait out. */
const LIFETIME_SECONDS = 6;
/** Cognito's ID and access token validity (the app client's default, 60 minutes). */
const VALIDITY_SECONDS = 3600;
const POLL_EVERY_MS = 150;

interface Observation {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly status: number;
  readonly body: unknown;
}

/** Tokens with `LIFETIME_SECONDS` left, from a sign-in through managed login. */
async function shortLivedUser(env: SecurityEnvironment, name: string): Promise<SignedInUser> {
  await env.user(name);
  env.setCognitoClockOffset(-(VALIDITY_SECONDS - LIFETIME_SECONDS) * 1000);
  try {
    const { tokens } = await env.signIn(`${name}@example.com`, 'openid email profile notes/read notes/write');
    return signedInUserOf(`${name}@example.com`, tokens);
  } finally {
    env.setCognitoClockOffset(0);
  }
}

async function get(client: RawClient, authorization: string): Promise<Observation> {
  const startedAt = Date.now();
  const answer = await client.send({
    method: 'GET',
    path: '/notes?limit=1',
    headers: [['authorization', authorization]],
  });
  return { startedAt, finishedAt: Date.now(), status: answer.status, body: answer.json };
}

/** Asks every `POLL_EVERY_MS` until `until` (epoch ms): the answers over time. */
async function watch(client: RawClient, authorization: string, until: number): Promise<Observation[]> {
  const seen: Observation[] = [];
  while (Date.now() <= until) {
    seen.push(await get(client, authorization));
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  return seen;
}

/** What the pool itself says of the user's tokens now. */
async function poolVerdict(
  env: SecurityEnvironment,
  user: SignedInUser,
): Promise<{ userInfo: number; refresh: number }> {
  const info = await fetch(`${env.cognito.url}/oauth2/userInfo`, {
    headers: { authorization: `Bearer ${user.accessToken}` },
  });
  await info.body?.cancel();
  const refresh = await tokenRequest(
    env.cognito,
    { grant_type: 'refresh_token', refresh_token: user.refreshToken },
    { basic: { id: env.cognito.clientId, secret: env.cognito.clientSecret } },
  );
  return { userInfo: info.status, refresh: refresh.status };
}

/**
 * Starts every function before any token with seconds left is issued: a cold start on a busy
 * machine can outlast such a token, which the notes function then rightly refuses.
 */
async function warmUp(env: SecurityEnvironment, apis: readonly ApiUnderTest[], name: string): Promise<void> {
  const warm = await env.user(name);
  for (const api of apis) {
    const client = rawClient(api.baseUrl);
    for (const token of [warm.idToken, warm.accessToken]) await get(client, token);
    client.close();
  }
}

type Revocation = 'GlobalSignOut' | 'RevokeToken' | 'AdminDisableUser';

async function revoke(env: SecurityEnvironment, kind: Revocation, user: SignedInUser): Promise<void> {
  const client = adminClient(env.target);
  try {
    if (kind === 'GlobalSignOut') {
      // GlobalSignOut takes an access token with the self-service scope, which a sign-in through the API gives.
      const session = await client.send(
        new InitiateAuthCommand({
          ClientId: env.cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: {
            USERNAME: user.email,
            PASSWORD,
            SECRET_HASH: secretHash(env.cognito.clientId, env.cognito.clientSecret, user.email),
          },
        }),
      );
      await client.send(new GlobalSignOutCommand({ AccessToken: session.AuthenticationResult?.AccessToken }));
    } else if (kind === 'RevokeToken') {
      await client.send(
        new RevokeTokenCommand({
          Token: user.refreshToken,
          ClientId: env.cognito.clientId,
          ClientSecret: env.cognito.clientSecret,
        }),
      );
    } else {
      await client.send(new AdminDisableUserCommand({ UserPoolId: env.cognito.userPoolId, Username: user.email }));
    }
  } finally {
    client.destroy();
  }
}

describe('the revocation window on every entrypoint', () => {
  let env: SecurityEnvironment;
  const apis: ApiUnderTest[] = [];

  beforeAll(async () => {
    env = await startSecurityEnvironment();
    apis.push(...(await Promise.all(RUNTIMES.map((runtime) => env.startApi(runtime)))));
    await warmUp(env, apis, 'warm-up');
  });

  afterAll(async () => {
    await env?.close();
  });

  it.each<Revocation>(['GlobalSignOut', 'RevokeToken', 'AdminDisableUser'])(
    'after %s the pool refuses at once; the API takes the ID and access tokens until exp, and not a request after',
    async (kind) => {
      // prepare: a session with seconds left, used once on every entrypoint (every cache warm)
      const user = await shortLivedUser(env, kind.toLowerCase());
      const exp = claimsOf(user.idToken).exp * 1000;
      expect(claimsOf(user.accessToken).exp * 1000).toBe(exp);
      const clients = apis.map((api) => rawClient(api.baseUrl));
      const kinds = (api: ApiUnderTest) =>
        ENTRYPOINT_ANSWERS[api.entrypoint].acceptsAccessTokens
          ? ([
              ['ID', user.idToken],
              ['access', user.accessToken],
            ] as const)
          : ([['ID', user.idToken]] as const);
      for (const [i, api] of apis.entries()) {
        for (const [, token] of kinds(api)) expect((await get(clients[i] as RawClient, token)).status).toBe(200);
      }
      expect(await poolVerdict(env, user)).toEqual({ userInfo: 200, refresh: 200 });

      // act: revoke, then ask every entrypoint with every token until a little past exp
      const revokedAt = Date.now();
      await revoke(env, kind, user);
      const pool = await poolVerdict(env, user);
      const watched = await Promise.all(
        apis.flatMap((api, i) =>
          kinds(api).map(async ([tokenKind, token]) => ({
            api,
            tokenKind,
            seen: await watch(clients[i] as RawClient, token, exp + 1_500),
            // After exp, the same token as a cache key the authorizer has not seen: `Bearer <token>`.
            fresh: await get(clients[i] as RawClient, `Bearer ${token}`),
          })),
        ),
      );
      for (const client of clients) client.close();

      // assert
      expect(pool.userInfo).toBe(401);
      expect(pool.refresh).toBe(400);
      for (const { api, tokenKind, seen, fresh } of watched) {
        const answers = ENTRYPOINT_ANSWERS[api.entrypoint];
        const before = seen.filter((o) => o.finishedAt < exp);
        const after = seen.filter((o) => o.startedAt >= exp);
        const cached = api.entrypoint === 'gateway-lambda-authorizer';
        const lastAccepted = Math.max(...seen.filter((o) => o.status === 200).map((o) => o.startedAt));
        const firstRefused = Math.min(...seen.filter((o) => o.status !== 200).map((o) => o.startedAt));
        report('revocation', `${kind}, ${api.label}, ${tokenKind} token`, {
          requests: seen.length,
          expAfterRevocation: `${((exp - revokedAt) / 1000).toFixed(1)}s`,
          lastAcceptedAfterRevocation: `${((lastAccepted - revokedAt) / 1000).toFixed(1)}s`,
          firstRefusedAfterRevocation: Number.isFinite(firstRefused)
            ? `${((firstRefused - revokedAt) / 1000).toFixed(1)}s`
            : 'none',
          acceptedPastExp: after.filter((o) => o.status === 200).length,
          cacheTtl: cached ? `${AUTHORIZER_CACHE_TTL_SECONDS}s, exp checked by the function` : 'bounded by exp',
        });

        expect(before.length, 'requests answered before exp').toBeGreaterThan(0);
        expect(after.length, 'requests sent from exp on').toBeGreaterThan(0);
        // As on AWS: a revoked session's JWTs open the API until they expire…
        for (const o of before) expect(o.status, `${api.label}, ${tokenKind} token before exp`).toBe(200);
        // …and not after, even where the authorizer's policy for this exact header is still cached.
        for (const o of after) {
          expect([o.status, o.body], `${api.label}, ${tokenKind} token from exp on`).toEqual([
            answers.expiredAfterCaching.status,
            answers.expiredAfterCaching.body,
          ]);
        }
        // The authorizer itself, asked afresh, refuses the expired token with its own answer.
        expect([fresh.status, fresh.body]).toEqual([answers.expiredToken.status, answers.expiredToken.body]);
      }
    },
    60_000,
  );
});

describe('the Lambda authorizer’s cached policy no longer outlives exp', () => {
  let env: SecurityEnvironment;
  const apis: ApiUnderTest[] = [];

  beforeAll(async () => {
    // The gateway's cache reads Date.now: a clock that runs on, and that the test can move ahead.
    // The functions run in worker threads with the real clock, so the authorizer checks exp for real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    env = await startSecurityEnvironment();
    apis.push(await env.startApi('lambda-token'), await env.startApi('lambda-request'));
    await warmUp(env, apis, 'cached-warm-up');
  });

  afterAll(async () => {
    vi.useRealTimers();
    await env?.close();
  });

  it(`refuses a token cached before exp from exp on: the function while the ${AUTHORIZER_CACHE_TTL_SECONDS} s cache lasts, the authorizer after`, async () => {
    // prepare
    const user = await shortLivedUser(env, 'cached');
    const exp = claimsOf(user.idToken).exp * 1000;
    const clients = apis.map((api) => rawClient(api.baseUrl));
    // The policy is cached while the first request is answered: between these two instants.
    const firstSent = Date.now();
    for (const client of clients) expect((await get(client, user.idToken)).status).toBe(200);
    const firstAnswered = Date.now();
    const ttl = AUTHORIZER_CACHE_TTL_SECONDS * 1000;

    // act
    while (Date.now() < exp + 500) await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    const pastExp = await Promise.all(clients.map((client) => get(client, user.idToken)));
    vi.setSystemTime(firstSent + ttl - 1_000);
    const justBeforeTtl = await Promise.all(clients.map((client) => get(client, user.idToken)));
    vi.setSystemTime(firstAnswered + ttl + 1_000);
    const pastTtl = await Promise.all(clients.map((client) => get(client, user.idToken)));
    for (const client of clients) client.close();

    // assert
    for (const [i, api] of apis.entries()) {
      const answers = ENTRYPOINT_ANSWERS[api.entrypoint];
      report('revocation', `${api.label}, ID token cached before exp`, {
        acceptedPastExp: pastExp[i]?.status === 200 ? 'yes' : 'no',
        acceptedAtTtlMinus1s: justBeforeTtl[i]?.status === 200 ? 'yes' : 'no',
        refusedAtTtlPlus1s: pastTtl[i]?.status === 401 ? 'yes' : 'no',
        cacheTtl: `${AUTHORIZER_CACHE_TTL_SECONDS}s`,
      });
      // Within the cache the policy still lets the request through; the function refuses it.
      for (const seen of [pastExp[i], justBeforeTtl[i]]) {
        expect([seen?.status, seen?.body]).toEqual([
          answers.expiredAfterCaching.status,
          answers.expiredAfterCaching.body,
        ]);
      }
      // Past the cache the authorizer is asked again, and refuses the expired token itself.
      expect([pastTtl[i]?.status, pastTtl[i]?.body]).toEqual([answers.expiredToken.status, answers.expiredToken.body]);
    }
  });
});
