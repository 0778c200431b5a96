/**
 * The token issuer's keys (its JWKS) out of reach.
 *
 * At start: the Express server (apps/server `startServer`, as the container runs it) is pointed
 * at a JWKS that refuses connections or never answers. It does not come up: the start fails,
 * after at most the JWKS download's timeout, with an error that names the JWKS URI and the
 * cause (the container's entry point logs it and exits 1). It never listens, so there is no
 * `/health` to report "not ready" in the meantime.
 *
 * Later: a stack that loaded the keys at start (Express; the Lambda runtime with the TOKEN
 * authorizer) loses its JWKS, which then drops connections or never answers. Tokens signed with
 * a cached key keep working, new ones included; a token whose `kid` is unknown (a key rotated
 * at the issuer) makes one download attempt, which fails, and is a 401 within the download's
 * timeout (3 s by default); the next unknown `kid` is refused at once, without a download.
 * Latencies are printed as `[jwks]` lines; a request unanswered at three times the timeout fails.
 */
import 'reflect-metadata';
import { refusingEndpoint } from '@secure-notes/adapters-aws/dynamodb/testing';
import { loadConfig, type RunningServer, startServer } from '@secure-notes/server';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type RuntimeChoice, startTestStack } from '../../testing/stack.js';
import { type JwksMode, startTestIssuer } from '../../testing/test-issuer.js';
import { apiBaseOf, send } from '../../testing/traffic.js';

/** The JWKS download's timeout, the verifier's default. */
const FETCH_TIMEOUT_MS = 3_000;
/** A request unanswered this long waits on something with no timeout at all. */
const GIVE_UP_MS = 3 * FETCH_TIMEOUT_MS;

const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function serverSettings(pool: Readonly<Record<string, string>>): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    NOTES_STORE: 'memory',
    NOTES_CURSOR_SECRET: 'j'.repeat(32),
    LOG_LEVEL: 'silent',
    ...pool,
  };
}

describe('the Express server started while the JWKS is unreachable', () => {
  it.each<['refuses connections' | 'never answers']>([['refuses connections'], ['never answers']])(
    'does not come up when the JWKS %s, and names the JWKS URI and the cause',
    async (how) => {
      const issuer = await startTestIssuer();
      cleanups.push(() => issuer.close());
      let pool = issuer.environment;
      if (how === 'refuses connections') {
        const refusing = await refusingEndpoint();
        cleanups.push(() => refusing.close());
        const unreachable = `${refusing.endpoint}/${issuer.userPoolId}`;
        pool = { ...pool, COGNITO_ISSUER: unreachable, COGNITO_JWKS_URI: `${unreachable}/.well-known/jwks.json` };
      } else {
        issuer.mode = 'hanging';
      }

      const started = performance.now();
      const outcome = await startServer({ config: loadConfig(serverSettings(pool)), logger: pino({ level: 'silent' }) })
        .then((server: RunningServer) => {
          cleanups.push(() => server.close());
          return server;
        })
        .catch((error: unknown) => error);
      const elapsed = performance.now() - started;
      const message = outcome instanceof Error ? outcome.message : `it started: ${JSON.stringify(outcome)}`;
      console.info(`[jwks] start while the JWKS ${how}: after ${Math.round(elapsed)} ms, ${message}`);

      expect(outcome).toBeInstanceOf(Error);
      expect(message).toContain(pool.COGNITO_JWKS_URI);
      expect(message).toMatch(how === 'refuses connections' ? /ECONNREFUSED|fetch failed/ : /timeout|aborted/i);
      expect(message).toContain('Check that the issuer is reachable');
    },
    GIVE_UP_MS * 2,
  );
});

const RUNTIMES: readonly { readonly name: string; readonly choice: RuntimeChoice }[] = [
  { name: 'Express', choice: { apiRuntime: 'express' } },
  { name: 'Lambda (TOKEN authorizer)', choice: { apiRuntime: 'lambda', authorizer: 'token' } },
];

describe.each(RUNTIMES)('$name after start, once the JWKS is unreachable', ({ name, choice }) => {
  it.each<[Exclude<JwksMode, 'serving'>]>([['dropping'], ['hanging']])(
    'keeps accepting tokens of cached keys and answers an unknown kid 401 within the download timeout (JWKS %s)',
    async (mode) => {
      const issuer = await startTestIssuer();
      cleanups.push(() => issuer.close());
      const { stack } = await startTestStack({ ...choice, environment: { ...issuer.environment } });
      cleanups.push(() => stack.close());
      const base = apiBaseOf(stack);
      const list = (token: string) => send(`${base}/notes?limit=1`, { method: 'GET', token, abortAfterMs: GIVE_UP_MS });
      const known = issuer.idToken();
      const before = await list(known);

      issuer.mode = mode;
      const downloadsBefore = issuer.jwksRequests;
      const cachedAgain = await list(known);
      // A token never seen before, signed with the key the API already holds.
      const cachedKeyNewToken = await list(issuer.idToken());
      const downloadsForCachedKeys = issuer.jwksRequests - downloadsBefore;
      const unknownKid = await list(issuer.idToken({ key: 'unpublished' }));
      const downloadsForUnknownKid = issuer.jwksRequests - downloadsBefore - downloadsForCachedKeys;
      const unknownKidAgain = await list(issuer.idToken({ key: 'unpublished' }));
      const downloadsForSecond =
        issuer.jwksRequests - downloadsBefore - downloadsForCachedKeys - downloadsForUnknownKid;
      const cachedAfter = await list(issuer.idToken());

      console.info(
        `[jwks] ${name}, JWKS ${mode} after start: cached token ${cachedAgain.status} in ${Math.round(cachedAgain.latencyMs)} ms, ` +
          `new token of a cached key ${cachedKeyNewToken.status} in ${Math.round(cachedKeyNewToken.latencyMs)} ms ` +
          `(${downloadsForCachedKeys} JWKS downloads); unknown kid ${unknownKid.status} in ${Math.round(unknownKid.latencyMs)} ms ` +
          `(${downloadsForUnknownKid} download attempts, timeout ${FETCH_TIMEOUT_MS} ms); another unknown kid ${unknownKidAgain.status} ` +
          `in ${Math.round(unknownKidAgain.latencyMs)} ms (${downloadsForSecond} download attempts); a cached key afterwards ${cachedAfter.status}`,
      );

      expect(before.status).toBe(200);
      expect(cachedAgain.status).toBe(200);
      expect(cachedKeyNewToken.status).toBe(200);
      expect(downloadsForCachedKeys).toBe(0);
      expect(unknownKid.status).toBe(401);
      expect(unknownKid.body).toEqual({ message: 'Unauthorized' });
      expect(downloadsForUnknownKid).toBeGreaterThanOrEqual(1);
      expect(unknownKidAgain.status).toBe(401);
      expect(cachedAfter.status).toBe(200);
    },
    60_000,
  );
});
