import { randomUUID } from 'node:crypto';
import { InMemoryNotesRepository } from '@secure-notes/adapters-memory';
import {
  type Note,
  type NotesRepository,
  type Principal,
  type TokenVerifier,
  UnauthenticatedError,
} from '@secure-notes/domain';
import { ApiClient } from '@secure-notes/http-api/testing';
import { describe, expect, it } from 'vitest';
import { aToken, startMemoryServer } from './testing/memory-server.js';

// What only the Express server does, beyond the scenarios that every entrypoint shares: its own
// routes, headers, CORS, request ids, the token cache, and the strictness of If-Match.

async function withServer<T>(
  options: Parameters<typeof startMemoryServer>[0],
  body: (server: Awaited<ReturnType<typeof startMemoryServer>>, api: ApiClient) => Promise<T>,
): Promise<T> {
  const server = await startMemoryServer(options);
  try {
    return await body(server, new ApiClient(server.url));
  } finally {
    await server.close();
  }
}

/** A repository that counts calls, to show which requests never reach storage. */
class CountingRepository implements NotesRepository {
  readonly #inner = new InMemoryNotesRepository();
  calls = 0;

  create(note: Note) {
    this.calls += 1;
    return this.#inner.create(note);
  }
  get(ownerId: string, noteId: string) {
    this.calls += 1;
    return this.#inner.get(ownerId, noteId);
  }
  list(ownerId: string, page: Parameters<NotesRepository['list']>[1]) {
    this.calls += 1;
    return this.#inner.list(ownerId, page);
  }
  update(...args: Parameters<NotesRepository['update']>) {
    this.calls += 1;
    return this.#inner.update(...args);
  }
  replaceAttachments(...args: Parameters<NotesRepository['replaceAttachments']>) {
    this.calls += 1;
    return this.#inner.replaceAttachments(...args);
  }
  delete(...args: Parameters<NotesRepository['delete']>) {
    this.calls += 1;
    return this.#inner.delete(...args);
  }
}

describe('Express Notes API', () => {
  describe('GET /health', () => {
    it('answers ok without authentication once the server can serve', async () => {
      await withServer({}, async (_server, api) => {
        const response = await api.get('/health');

        expect(response.status).toBe(200);
        expect(response.body).toEqual({ status: 'ok' });
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      });
    });

    it('answers 503 with Retry-After while the server is not ready', async () => {
      let ready = false;
      await withServer({ isReady: () => ready }, async (_server, api) => {
        const before = await api.get('/health');
        ready = true;
        const after = await api.get('/health');

        expect(before.status).toBe(503);
        expect(before.body).toEqual({ error: 'Service unavailable' });
        expect(before.headers.get('retry-after')).toBe('1');
        expect(after.status).toBe(200);
      });
    });
  });

  describe('routes it does not define', () => {
    it('answers 404 {"error":"Not found"} for an unknown path or method, token or not', async () => {
      await withServer({}, async (server, api) => {
        const token = server.roles.alice.token;
        const attempts = [
          api.get('/'),
          api.get('/nope'),
          api.get('/notes/a/b'),
          api.request('PUT', '/notes', { token, json: {} }),
          api.post(`/notes/${randomUUID()}`, { token, json: {} }),
          api.request('PUT', `/notes/${randomUUID()}`, { token, json: {} }),
          api.post('/admin/users/x/notes', { token, json: {} }),
          api.get('/NOTES', { token }),
        ];

        for (const response of await Promise.all(attempts)) {
          expect(response.status).toBe(404);
          expect(response.body).toEqual({ error: 'Not found' });
          expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        }
      });
    });

    it('answers 404 for a path with broken percent-encoding, never a 500', async () => {
      await withServer({}, async (server, api) => {
        const response = await api.get('/notes/%E0%A4%A', { token: server.roles.alice.token });

        expect(response.status).toBe(404);
      });
    });
  });

  describe('headers', () => {
    it('sends the security headers OWASP gives for API responses, and no x-powered-by', async () => {
      await withServer({}, async (server, api) => {
        const response = await api.get('/notes', { token: server.roles.alice.token });

        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        // What protects rendered pages only is not sent on JSON answers.
        for (const pageOnly of ['x-xss-protection', 'x-dns-prefetch-control', 'cross-origin-opener-policy']) {
          expect(response.headers.get(pageOnly), pageOnly).toBeNull();
        }
      });
    });

    it('marks 401s private too, with the JSON content type', async () => {
      await withServer({}, async (server, api) => {
        const none = await api.get('/notes');
        const expired = await api.get('/notes', { token: server.roles.expired });

        for (const response of [none, expired]) {
          expect(response.status).toBe(401);
          expect(response.headers.get('cache-control')).toBe('no-store');
          expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        }
      });
    });

    it('never answers 304 nor adds ETags of its own', async () => {
      await withServer({}, async (server, api) => {
        const token = server.roles.alice.token;
        const created = await api.post('/notes', { token, json: { title: 'cached?' } });
        const noteId = (created.body as Note).noteId;

        const conditional = await api.get(`/notes/${noteId}`, { token, headers: { 'if-none-match': '"1"' } });
        const listing = await api.get('/notes', { token });

        expect(conditional.status).toBe(200);
        expect(listing.headers.get('etag')).toBeNull();
      });
    });
  });

  describe('request ids', () => {
    it('echoes a plain incoming X-Request-Id, and replaces one that is not', async () => {
      await withServer({}, async (_server, api) => {
        const plain = await api.get('/health', { headers: { 'x-request-id': 'abc-123.DEF:7' } });
        const hostile = await api.get('/health', { headers: { 'x-request-id': `x${'y'.repeat(200)}` } });
        const injected = await api.get('/health', { headers: { 'x-request-id': 'a b"c' } });
        const absent = await api.get('/health');

        expect(plain.headers.get('x-request-id')).toBe('abc-123.DEF:7');
        for (const response of [hostile, injected, absent]) {
          expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        }
        expect(absent.headers.get('x-request-id')).not.toBe(injected.headers.get('x-request-id'));
      });
    });
  });

  describe('CORS', () => {
    const origin = 'https://notes.example.com';

    it('allows a configured origin, exposing ETag and Location', async () => {
      await withServer({ corsOrigins: [origin] }, async (server, api) => {
        const response = await api.post('/notes', {
          token: server.roles.alice.token,
          json: { title: 'from the browser' },
          headers: { origin },
        });

        expect(response.status).toBe(201);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag/);
        expect(response.headers.get('access-control-expose-headers')).toMatch(/Location/);
      });
    });

    it('answers a preflight from a configured origin, allowing Authorization, Content-Type and If-Match', async () => {
      await withServer({ corsOrigins: [origin] }, async (_server, api) => {
        const response = await api.request('OPTIONS', '/notes/x', {
          headers: {
            origin,
            'access-control-request-method': 'PATCH',
            'access-control-request-headers': 'authorization,content-type,if-match',
          },
        });

        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
        for (const header of ['Authorization', 'Content-Type', 'If-Match']) {
          expect(response.headers.get('access-control-allow-headers')).toContain(header);
        }
      });
    });

    it('gives no CORS headers to an origin that is not configured', async () => {
      await withServer({ corsOrigins: [origin] }, async (server, api) => {
        const evil = 'https://evil.example.net';
        const simple = await api.get('/notes', { token: server.roles.alice.token, headers: { origin: evil } });
        const preflight = await api.request('OPTIONS', '/notes', {
          headers: { origin: evil, 'access-control-request-method': 'POST' },
        });

        expect(simple.headers.get('access-control-allow-origin')).toBeNull();
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
        expect(preflight.status).toBe(404);
      });
    });
  });

  describe('the authorizer', () => {
    it('never reaches storage without a valid token', async () => {
      const repository = new CountingRepository();
      await withServer({ repository }, async (server, api) => {
        const noteId = randomUUID();
        for (const token of [undefined, 'garbage', server.roles.expired, server.roles.noScope]) {
          await api.get('/notes', token === undefined ? {} : { token });
          await api.post('/notes', { ...(token === undefined ? {} : { token }), json: { title: 'x' } });
          await api.patch(`/notes/${noteId}`, { ...(token === undefined ? {} : { token }), json: { title: 'x' } });
          await api.delete(`/notes/${noteId}`, token === undefined ? {} : { token });
        }

        expect(repository.calls).toBe(0);
      });
    });

    it('checks a token once and serves it from the cache afterwards', async () => {
      const token = aToken();
      const principal: Principal = {
        userId: randomUUID(),
        groups: [],
        scopes: [],
        tokenUse: 'id',
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      };
      let verifications = 0;
      const counting: TokenVerifier = {
        verify: async (candidate) => {
          verifications += 1;
          if (candidate !== token) throw new UnauthenticatedError('invalid', 'unknown token');
          return principal;
        },
      };
      const fiveLists = async (_server: unknown, api: ApiClient) => {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) statuses.push((await api.get('/notes', { token })).status);
        return statuses;
      };

      const cached = await withServer({ tokenVerifier: counting }, fiveLists);
      const verificationsWithCache = verifications;
      const uncached = await withServer({ tokenVerifier: counting, tokenCache: false }, fiveLists);

      expect([...cached, ...uncached]).toEqual(Array(10).fill(200));
      expect(verificationsWithCache).toBe(1);
      expect(verifications - verificationsWithCache).toBe(5);
    });
  });

  describe('Location', () => {
    it('is the path of the new note', async () => {
      await withServer({}, async (server, api) => {
        const response = await api.post('/notes', { token: server.roles.alice.token });

        expect(response.headers.get('location')).toBe(`/notes/${(response.body as Note).noteId}`);
      });
    });
  });

  describe('rate limits', () => {
    it("answers a caller past its rate with API Gateway's 429 and Retry-After, and no one else", async () => {
      await withServer({ rateLimits: { perCallerPerMinute: 3, perAddressPerMinute: 0 } }, async (server, api) => {
        const alice = server.roles.alice.token;
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await api.get('/notes', { token: alice })).status);
        const limited = await api.get('/notes', { token: alice });
        const bob = await api.get('/notes', { token: server.roles.bob.token });

        expect(statuses).toEqual([200, 200, 200, 429]);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('ratelimit')).toMatch(/^limit=3, remaining=0, reset=\d+$/);
        expect(bob.headers.get('ratelimit-policy')).toBe('3;w=60');
        expect(bob.headers.get('ratelimit')).toMatch(/^limit=3, remaining=2, reset=\d+$/);
        expect(limited.body).toEqual({ message: 'Too Many Requests' });
        expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(bob.status).toBe(200);
      });
    });

    it('limits an address before its tokens are checked, so a flood of bad tokens never reaches the verifier', async () => {
      let verifications = 0;
      const counting: TokenVerifier = {
        verify: async () => {
          verifications += 1;
          throw new UnauthenticatedError('invalid', 'bad token');
        },
      };
      await withServer(
        { tokenVerifier: counting, tokenCache: false, rateLimits: { perCallerPerMinute: 0, perAddressPerMinute: 5 } },
        async (_server, api) => {
          const statuses: number[] = [];
          for (let i = 0; i < 8; i += 1) statuses.push((await api.get('/notes', { token: aToken() })).status);

          expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
          expect(verifications).toBe(5);
        },
      );
    });
  });
});
