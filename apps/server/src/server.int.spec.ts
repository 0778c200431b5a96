import 'reflect-metadata';
import { StaticTokenVerifier } from '@secure-notes/adapters-memory/testing';
import type { Principal, TokenVerifier } from '@secure-notes/domain';
import { aPrincipal } from '@secure-notes/domain/testing';
import { PortInUseError } from '@secure-notes/service-kit';
import { refusingEndpoint, startStorageProxy } from '@secure-notes/testing';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeServer } from './composition.js';
import { loadConfig } from './config.js';
import { type RunningServer, startServer } from './server.js';

const logger = pino({ level: 'silent' });
const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

function configFor(env: Record<string, string> = {}) {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NOTES_STORE: 'memory',
    COGNITO_USER_POOL_ID: 'us-east-1_Test12345',
    COGNITO_CLIENT_IDS: 'testclient',
    NOTES_CURSOR_SECRET: 'x'.repeat(32),
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...env,
  });
}

async function start(env: Record<string, string> = {}, tokenVerifier?: TokenVerifier) {
  const principal = aPrincipal();
  const verifier = tokenVerifier ?? new StaticTokenVerifier({ 'valid-token': principal });
  const server = await startServer({ config: configFor(env), logger, tokenVerifier: verifier });
  running.push(server);
  return { server, principal };
}

/** A verifier that takes its time, to keep a request in flight. */
class SlowVerifier implements TokenVerifier {
  readonly #principal: Principal;
  constructor(principal: Principal) {
    this.#principal = principal;
  }
  async verify(): Promise<Principal> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return this.#principal;
  }
}

describe('the API server', () => {
  it('answers health once started and serves notes from the configured store', async () => {
    const { server, principal } = await start();

    const health = await fetch(`${server.url}/health`);
    const created = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: { Authorization: 'Bearer valid-token' },
      body: JSON.stringify({ title: 'From the server' }),
    });

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ userId: principal.userId, title: 'From the server' });
  });

  it('answers 503 with Retry-After when DynamoDB is unreachable', async () => {
    // Held refusing for the whole test: no other process can start listening there meanwhile.
    const refusing = await refusingEndpoint();
    try {
      const { server } = await start({ NOTES_STORE: 'dynamodb', DYNAMODB_ENDPOINT: refusing.endpoint });

      const response = await fetch(`${server.url}/notes`, { headers: { Authorization: 'valid-token' } });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await response.json()).toEqual({ error: 'Service unavailable' });
    } finally {
      await refusing.close();
    }
  });

  it('destroys the DynamoDB client when it closes, so that no connection to storage stays open', async () => {
    // prepare: storage that answers every Query with an empty page, and counts open connections
    const storage = await startStorageProxy({ fault: () => ({ kind: 'ok', body: { Items: [], Count: 0 } }) });
    try {
      const { server } = await start({ NOTES_STORE: 'dynamodb', DYNAMODB_ENDPOINT: storage.endpoint });
      const listed = await fetch(`${server.url}/notes`, { headers: { Authorization: 'valid-token' } });
      await listed.arrayBuffer();
      const openWhileServing = storage.openConnections();

      // act: what SIGTERM does (main.ts stops on signals with this close)
      await server.close();

      // assert
      expect(listed.status).toBe(200);
      expect(openWhileServing).toBeGreaterThan(0);
      await vi.waitFor(() => expect(storage.openConnections()).toBe(0));
    } finally {
      await storage.close();
    }
  });

  it('accepts a table in another region than the user pool', async () => {
    const composed = composeServer(configFor({ AWS_REGION: 'eu-west-1', NOTES_STORE: 'dynamodb' }), {
      logger,
      isReady: () => true,
    });

    expect(composed.app).toBeDefined();
    await composed.dispose();
  });

  it('says which variable to change when the port is in use', async () => {
    const { server } = await start();

    const second = startServer({
      config: configFor({ PORT: String(server.port) }),
      logger,
      tokenVerifier: new StaticTokenVerifier(),
    });

    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    await expect(second).rejects.toThrow(
      `port ${server.port} on 127.0.0.1 is in use, so the API cannot start: set PORT`,
    );
  });

  it('finishes a request in flight when shut down, and accepts no new one', async () => {
    const principal = aPrincipal();
    const { server } = await start({}, new SlowVerifier(principal));
    const inFlight = fetch(`${server.url}/notes`, { headers: { Authorization: 'any' } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = server.close();
    const response = await inFlight;
    const closedAfter = await Promise.race([
      closing.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 2000)),
    ]);

    expect(closedAfter).toBe('closed');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ notes: [], count: 0 });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
