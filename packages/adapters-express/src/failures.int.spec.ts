import { randomUUID } from 'node:crypto';
import { type NotesRepository, type TokenVerifier, UnavailableError } from '@secure-notes/domain';
import { createOpenApiDocument } from '@secure-notes/http-api';
import { ApiClient, type ApiResponse, openApiConformance } from '@secure-notes/http-api/testing';
import { describe, expect, it } from 'vitest';
import { type MemoryServer, startMemoryServer } from './testing/memory-server.js';

// Storage that is unreachable or broken, as the HTTP layer must report it: a 503 with
// Retry-After that the client can act on, or a 500 that exposes nothing, with the details in
// the log only. Responses are checked against the OpenAPI document as well.

/** A repository whose every method fails with `failure()`. */
function failingRepository(failure: () => Error): NotesRepository {
  const fail = async (): Promise<never> => {
    throw failure();
  };
  return { create: fail, get: fail, list: fail, update: fail, replaceAttachments: fail, delete: fail };
}

async function everyRoute(server: MemoryServer): Promise<ApiResponse[]> {
  const api = new ApiClient(server.url, { check: openApiConformance(createOpenApiDocument()) });
  const token = server.roles.alice.token;
  const noteId = randomUUID();
  return [
    await api.get('/notes', { token }),
    await api.post('/notes', { token, json: { title: 'Lost?' } }),
    await api.get(`/notes/${noteId}`, { token }),
    await api.patch(`/notes/${noteId}`, { token, json: { title: 'Lost?' } }),
    await api.delete(`/notes/${noteId}`, { token }),
    await api.get(`/admin/users/${server.roles.alice.userId}/notes`, { token: server.roles.admin.token }),
  ];
}

async function withFailingServer<T>(
  options: Parameters<typeof startMemoryServer>[0],
  body: (server: MemoryServer) => Promise<T>,
): Promise<T> {
  const server = await startMemoryServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

describe('Express Notes API when storage fails', () => {
  it('answers 503 with Retry-After on every route when storage is unreachable', async () => {
    const repository = failingRepository(() => new UnavailableError('DynamoDB throttled the request', 3));

    await withFailingServer({ repository }, async (server) => {
      const responses = await everyRoute(server);

      for (const response of responses) {
        expect(response.status, response.text).toBe(503);
        expect(response.body).toEqual({ error: 'Service unavailable' });
        expect(response.headers.get('retry-after')).toBe('3');
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      }
    });
  });

  it('answers 503 when the token verifier cannot reach its keys', async () => {
    const tokenVerifier: TokenVerifier = {
      verify: async () => {
        throw new UnavailableError('JWKS unreachable', 2.5);
      },
    };

    await withFailingServer({ tokenVerifier }, async (server) => {
      const response = await new ApiClient(server.url).get('/notes', { token: server.roles.alice.token });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('3');
    });
  });

  it('answers 500 for anything unexpected, exposing nothing and logging the details', async () => {
    const detail = `connection string postgres://admin:hunter2@db/${randomUUID()}`;
    const repository = failingRepository(() => new TypeError(detail));

    await withFailingServer({ repository }, async (server) => {
      const responses = await everyRoute(server);

      for (const response of responses) {
        expect(response.status, response.text).toBe(500);
        expect(response.body).toEqual({ error: 'Internal server error' });
        expect(response.text).not.toContain('hunter2');
        expect(response.text).not.toContain('TypeError');
      }
      const errors = server.log.records().filter((r) => r.level === 50);
      expect(errors).toHaveLength(responses.length);
      for (const record of errors) {
        expect(record.err).toMatchObject({ type: 'TypeError', message: detail });
        expect(record.res).toEqual({ statusCode: 500 });
      }
    });
  });

  it('logs a 503 as a warning with its cause', async () => {
    const repository = failingRepository(() => new UnavailableError('DynamoDB throttled the request', 1));

    await withFailingServer({ repository }, async (server) => {
      await new ApiClient(server.url).get('/notes', { token: server.roles.alice.token });

      const [record] = server.log.records();
      expect(record).toMatchObject({ level: 40, res: { statusCode: 503 }, err: { type: 'UnavailableError' } });
    });
  });
});
