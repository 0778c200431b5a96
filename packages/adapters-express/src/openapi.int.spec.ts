import { createOpenApiDocument } from '@secure-notes/http-api';
import { ApiClient } from '@secure-notes/http-api/testing';
import { describe, expect, it } from 'vitest';
import { startMemoryServer } from './testing/memory-server.js';

describe('GET /openapi.json', () => {
  it('serves the document without authentication', async () => {
    const server = await startMemoryServer();
    try {
      const response = await new ApiClient(server.url).get('/openapi.json');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.body).toEqual(JSON.parse(JSON.stringify(createOpenApiDocument())));
    } finally {
      await server.close();
    }
  });
});
