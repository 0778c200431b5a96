/**
 * The server started while the token signing keys (the issuer's JWKS) cannot be loaded: it
 * listens anyway, reports not ready on `/health`, answers a request with a token 503 with
 * `Retry-After` (never a 500), says why in its log, and becomes ready once the JWKS answers,
 * without a restart. Every port is bound to 0; the refused one is held by a client socket.
 */
import 'reflect-metadata';
import { refusingEndpoint, startTestIssuer, type TestIssuer } from '@secure-notes/testing';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { type RunningServer, startServer } from './server.js';

const USER_POOL_ID = 'us-east-1_Keys0001';
const CLIENT_ID = 'keysclient';
/** Short waits between attempts, so that the test sees the recovery quickly. */
const BACKOFF = { initialMs: 50, maxMs: 200 };

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** An issuer whose JWKS drops every connection until told to serve (`mode = 'serving'`). */
async function startIssuer(): Promise<TestIssuer> {
  const issuer = await startTestIssuer({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID, mode: 'dropping' });
  cleanups.push(() => issuer.close());
  return issuer;
}

async function start(issuer: string, jwksUri: string) {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  const server: RunningServer = await startServer({
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      NOTES_STORE: 'memory',
      NOTES_CURSOR_SECRET: 'k'.repeat(32),
      COGNITO_USER_POOL_ID: USER_POOL_ID,
      COGNITO_CLIENT_IDS: CLIENT_ID,
      COGNITO_ISSUER: issuer,
      COGNITO_JWKS_URI: jwksUri,
    }),
    logger,
    signingKeysBackoff: BACKOFF,
  });
  cleanups.push(() => server.close());
  return { server, lines };
}

/** Polls `url` until it answers `status`, for at most `withinMs`. */
async function waitForStatus(url: string, status: number, withinMs: number): Promise<Response> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const response = await fetch(url);
    if (response.status === status || Date.now() > deadline) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const keyFailures = (lines: readonly LogLine[]) => lines.filter((line) => line.msg.startsWith('the signing keys at '));

describe('the server started while the JWKS cannot be loaded', () => {
  it('listens, reports not ready, answers a token 503 with Retry-After, and logs why (a refused connection)', async () => {
    // prepare
    const refusing = await refusingEndpoint();
    cleanups.push(() => refusing.close());
    const issuer = `${refusing.endpoint}/${USER_POOL_ID}`;
    const jwksUri = `${issuer}/.well-known/jwks.json`;
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vbmUifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

    // act
    const started = performance.now();
    const { server, lines } = await start(issuer, jwksUri);
    const startMs = performance.now() - started;
    const health = await fetch(`${server.url}/health`);
    const withToken = await fetch(`${server.url}/notes`, { headers: { Authorization: `Bearer ${token}` } });
    const withoutToken = await fetch(`${server.url}/notes`);

    // assert
    expect(startMs).toBeLessThan(2_000);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await health.json()).toEqual({ error: 'Service unavailable' });
    expect(withToken.status).toBe(503);
    expect(withToken.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await withToken.json()).toEqual({ error: 'Service unavailable' });
    expect(withoutToken.status).toBe(401);
    const [first] = keyFailures(lines);
    expect(first?.level).toBe(50);
    expect(first?.msg).toContain(`the signing keys at ${jwksUri} could not be loaded: `);
    expect(first?.msg).toContain('ECONNREFUSED');
    expect(first?.msg).toMatch(/; retrying in \d+(\.\d)? s$/);
    expect(lines.some((line) => JSON.stringify(line).includes(token))).toBe(false);
    expect(lines.some((line) => line.level >= 50 && line.msg.includes('/notes'))).toBe(false);
  });

  it('becomes ready without a restart once the JWKS answers, and accepts the token it refused', async () => {
    // prepare
    const issuer = await startIssuer();
    const token = issuer.idToken();
    const { server, lines } = await start(issuer.issuer, issuer.jwksUri);
    const healthWhileDown = await fetch(`${server.url}/health`);
    const whileDown = await fetch(`${server.url}/notes`, { headers: { Authorization: `Bearer ${token}` } });

    // act
    issuer.mode = 'serving';
    const health = await waitForStatus(`${server.url}/health`, 200, 10_000);
    const afterwards = await fetch(`${server.url}/notes`, { headers: { Authorization: `Bearer ${token}` } });

    // assert
    expect(healthWhileDown.status).toBe(503);
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(afterwards.status).toBe(200);
    expect(await afterwards.json()).toEqual({ notes: [], count: 0 });
    expect(keyFailures(lines).length).toBeGreaterThanOrEqual(1);
    expect(keyFailures(lines)[0]?.msg).toContain('other side closed');
    expect(lines.filter((line) => line.msg === 'signing keys loaded, ready')).toHaveLength(1);
    expect(issuer.jwksRequests).toBeGreaterThanOrEqual(2);
  });

  it('is ready when started, with the keys loaded, when the JWKS answers', async () => {
    // prepare
    const issuer = await startIssuer();
    issuer.mode = 'serving';

    // act
    const { server, lines } = await start(issuer.issuer, issuer.jwksUri);
    const health = await fetch(`${server.url}/health`);
    const notes = await fetch(`${server.url}/notes`, {
      headers: { Authorization: `Bearer ${issuer.idToken()}` },
    });

    // assert
    expect(health.status).toBe(200);
    expect(notes.status).toBe(200);
    expect(keyFailures(lines)).toEqual([]);
    expect(issuer.jwksRequests).toBe(1);
  });
});
