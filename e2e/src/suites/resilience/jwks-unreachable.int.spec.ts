/**
 * The token issuer's keys (its JWKS) out of reach.
 *
 * At start: the Express server (apps/server `startServer`, as the container runs it) is pointed
 * at a JWKS that refuses connections, drops them, or never answers. It comes up anyway, after at
 * most the JWKS download's timeout: `/health` answers 503 with `Retry-After` and the contract's
 * body (nothing about the keys, nothing secret), a request with a token 503 with `Retry-After`
 * (never a 500), and the log says why: the JWKS URI and the cause (ECONNREFUSED, the dropped
 * connection, or the timeout), once per failed attempt, with the wait before the next. The
 * download is retried in the background (1 s doubling up to 30 s); once the JWKS answers
 * again the server becomes ready without a restart and accepts the token it refused. (A port
 * that refuses connections is held by a client socket, so it cannot come back; the other two
 * can.)
 *
 * Later: a stack that loaded the keys at start (Express; the Lambda runtime with the TOKEN
 * authorizer) loses its JWKS, which then drops connections or never answers. Tokens signed with
 * a cached key keep working, new ones included; a token whose `kid` is unknown (a key rotated
 * at the issuer) makes one download attempt, which fails, and is a 401 within the download's
 * timeout (3 s by default); the next unknown `kid` is refused at once, without a download.
 * Latencies are printed as `[jwks]` lines; a request unanswered at three times the timeout fails.
 */
import 'reflect-metadata';
import { loadConfig, startServer } from '@secure-notes/server';
import { type JwksMode, refusingEndpoint, startTestIssuer, type TestIssuerOptions } from '@secure-notes/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type RuntimeChoice, startTestStack } from '../../testing/stack.js';
import { send } from '../../testing/traffic.js';

/** The pool the test issuer signs for. */
const POOL: TestIssuerOptions = { userPoolId: 'us-east-1_Issuer01', clientId: 'resilienceclient' };

/** The JWKS download's timeout, the verifier's default. */
const FETCH_TIMEOUT_MS = 3_000;
/** A request unanswered this long waits on something with no timeout at all. */
const GIVE_UP_MS = 3 * FETCH_TIMEOUT_MS;
const CURSOR_SECRET = 'j'.repeat(32);

const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function serverSettings(pool: Readonly<Record<string, string>>): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    NOTES_STORE: 'memory',
    NOTES_CURSOR_SECRET: CURSOR_SECRET,
    LOG_LEVEL: 'silent',
    ...pool,
  };
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
}

type StartFault = 'refuses connections' | 'drops connections' | 'never answers';

/** What the log names as the cause of a failed download, by fault. */
const CAUSES: Readonly<Record<StartFault, RegExp>> = {
  'refuses connections': /ECONNREFUSED/,
  'drops connections': /other side closed|UND_ERR_SOCKET|ECONNRESET/,
  'never answers': new RegExp(`timed out after ${FETCH_TIMEOUT_MS} ms`),
};

describe('the Express server started while the JWKS is unreachable', () => {
  it.each<[StartFault]>([['refuses connections'], ['drops connections'], ['never answers']])(
    'comes up not ready when the JWKS %s, logs the JWKS URI and the cause, and becomes ready once the JWKS answers',
    async (how) => {
      const issuer = await startTestIssuer(POOL);
      cleanups.push(() => issuer.close());
      let pool = issuer.environment;
      if (how === 'refuses connections') {
        const refusing = await refusingEndpoint();
        cleanups.push(() => refusing.close());
        const unreachable = `${refusing.endpoint}/${issuer.userPoolId}`;
        pool = { ...pool, COGNITO_ISSUER: unreachable, COGNITO_JWKS_URI: `${unreachable}/.well-known/jwks.json` };
      } else {
        issuer.mode = how === 'drops connections' ? 'dropping' : 'hanging';
      }
      const jwksUri = pool.COGNITO_JWKS_URI as string;
      const lines: LogLine[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
      const token = issuer.idToken();

      const started = performance.now();
      const server = await startServer({ config: loadConfig(serverSettings(pool)), logger });
      cleanups.push(() => server.close());
      const upAfterMs = performance.now() - started;
      const health = await send(`${server.url}/health`, { method: 'GET', token: '', abortAfterMs: GIVE_UP_MS });
      const withToken = await send(`${server.url}/notes?limit=1`, { method: 'GET', token, abortAfterMs: GIVE_UP_MS });
      const reason = lines.find((line) => line.msg.startsWith('the signing keys at '));

      let recovery = 'its port cannot come back';
      let ready: Awaited<ReturnType<typeof send>> | undefined;
      let accepted: Awaited<ReturnType<typeof send>> | undefined;
      if (how !== 'refuses connections') {
        const attemptsBefore = issuer.jwksRequests;
        issuer.mode = 'serving';
        const cameBack = performance.now();
        // Bounded: the attempt under way ends within the download timeout, the next one starts
        // within the backoff reached by then.
        const deadline = cameBack + 2 * GIVE_UP_MS;
        do {
          ready = await send(`${server.url}/health`, { method: 'GET', token: '', abortAfterMs: GIVE_UP_MS });
          if (ready.status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        } while (performance.now() < deadline);
        accepted = await send(`${server.url}/notes?limit=1`, { method: 'GET', token, abortAfterMs: GIVE_UP_MS });
        recovery =
          `ready ${Math.round(performance.now() - cameBack)} ms after the JWKS came back ` +
          `(${issuer.jwksRequests - attemptsBefore} more download attempts), the same token then ${accepted.status}`;
      }
      const failedAttempts = lines.filter((line) => line.msg.startsWith('the signing keys at ')).length;
      console.info(
        `[jwks] start while the JWKS ${how}: up after ${Math.round(upAfterMs)} ms, /health ${health.status} ` +
          `(Retry-After ${health.headers.get('retry-after')}), a token ${withToken.status} ` +
          `(Retry-After ${withToken.headers.get('retry-after')}); failed attempts logged: ${failedAttempts}, the first: ` +
          `${reason?.msg ?? 'none'}; ${recovery}`,
      );

      expect(upAfterMs).toBeLessThan(FETCH_TIMEOUT_MS + 2_000);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(health.body).toEqual({ error: 'Service unavailable' });
      const healthText = JSON.stringify(health.body);
      for (const secret of [jwksUri, CURSOR_SECRET, token, issuer.clientId]) expect(healthText).not.toContain(secret);
      expect(withToken.status).toBe(503);
      expect(withToken.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(withToken.body).toEqual({ error: 'Service unavailable' });
      expect(reason?.level).toBeGreaterThanOrEqual(40);
      expect(reason?.msg).toContain(`the signing keys at ${jwksUri} could not be loaded: `);
      expect(reason?.msg).toMatch(CAUSES[how]);
      expect(reason?.msg).toMatch(/; retrying in \d+(\.\d)? s$/);
      const logText = lines.map((line) => JSON.stringify(line)).join('\n');
      for (const secret of [CURSOR_SECRET, token]) expect(logText).not.toContain(secret);
      if (how !== 'refuses connections') {
        expect(ready?.status).toBe(200);
        expect(ready?.body).toEqual({ status: 'ok' });
        expect(accepted?.status).toBe(200);
        expect(lines.filter((line) => line.msg === 'signing keys loaded, ready')).toHaveLength(1);
      }
    },
    GIVE_UP_MS * 4,
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
      const issuer = await startTestIssuer(POOL);
      cleanups.push(() => issuer.close());
      const { stack } = await startTestStack({ ...choice, environment: { ...issuer.environment } });
      cleanups.push(() => stack.close());
      const base = stack.baseUrl;
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
