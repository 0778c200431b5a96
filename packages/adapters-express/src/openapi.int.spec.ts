import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createOpenApiDocument } from './openapi.js';
import { startMemoryServer } from './test-helpers/memory-server.js';
import { openApiConformance } from './test-helpers/openapi-conformance.js';
import { ApiClient } from './testing/index.js';

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

describe('the OpenAPI conformance check used by the tests', () => {
  // The check keeps the document true only if it can fail: a server that breaks the document
  // in each way it checks must be caught.
  it('catches an undocumented status, a missing header and a body off its schema', async () => {
    const app = express();
    app.use(openApiConformance(createOpenApiDocument()));
    app.get('/notes', (_req, res) => {
      res.status(200).setHeader('X-Request-Id', 'r').setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ notes: [], count: 'zero' }));
    });
    app.get('/notes/:noteId', (_req, res) => {
      res.status(418).setHeader('X-Request-Id', 'r').end('{}');
    });
    app.post('/notes', (_req, res) => {
      res.status(201).setHeader('X-Request-Id', 'r').setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({}));
    });
    app.get('/health', (_req, res) => {
      res.status(200).setHeader('X-Request-Id', 'r').setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok' }));
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

      const badBody = await api.get('/notes');
      const badStatus = await api.get('/notes/x');
      const missingHeaders = await api.post('/notes');
      const fine = await api.get('/health');

      expect(badBody.status).toBe(599);
      expect(badBody.text).toContain('count');
      expect(badStatus.status).toBe(599);
      expect(badStatus.text).toContain('status 418 is not documented');
      expect(missingHeaders.status).toBe(599);
      expect(missingHeaders.text).toContain('header ETag is missing');
      expect(missingHeaders.text).toContain('header Location is missing');
      expect(fine.status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
