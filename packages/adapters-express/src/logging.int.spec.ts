import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Note } from '@secure-notes/domain';
import { ApiClient } from '@secure-notes/http-api/testing';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogging } from './request-logging.js';
import { LogCapture, startMemoryServer } from './testing/memory-server.js';

// The log is where secrets leak: these tests capture what the server writes and look for the
// token, the note content and the email in it.

describe('Express Notes API request log', () => {
  it('writes one line per request with method, route, status, duration, request id and sub', async () => {
    const server = await startMemoryServer();
    try {
      const api = new ApiClient(server.url);
      const { token, userId } = server.roles.alice;
      const created = await api.post('/notes', { token, json: { title: 'Logged' } });
      const noteId = (created.body as Note).noteId;
      await api.get(`/notes/${noteId}?x=1`, { token, headers: { 'x-request-id': 'trace-42' } });

      const records = server.log.records();
      expect(records).toHaveLength(2);
      expect(records[1]).toMatchObject({
        level: 30,
        reqId: 'trace-42',
        req: { method: 'GET', path: `/notes/${noteId}` },
        res: { statusCode: 200 },
        route: '/notes/{noteId}',
        sub: userId,
        responseTime: expect.any(Number),
      });
      expect(records[0]).toMatchObject({ route: '/notes', res: { statusCode: 201 }, sub: userId });
    } finally {
      await server.close();
    }
  });

  it('never logs the token, the note content, the email or the body, whatever the request', async () => {
    const server = await startMemoryServer();
    try {
      const api = new ApiClient(server.url);
      const { token, userId } = server.roles.alice;
      const content = `secret content ${randomUUID()}`;
      const title = `secret title ${randomUUID()}`;
      const created = await api.post('/notes', {
        token,
        json: { title, content },
        headers: { cookie: `session=${token}` },
      });
      const noteId = (created.body as Note).noteId;
      await api.patch(`/notes/${noteId}`, { authorization: `Bearer ${token}`, json: { content: `${content} v2` } });
      await api.post('/notes', { token, body: `{"content": "${content}"` });
      await api.post('/notes', { token, json: { content, userId: 'forged' } });
      await api.get(`/notes?nextToken=${encodeURIComponent(token)}`, { token });
      await api.get('/notes', { authorization: `${token}garbage` });

      const text = server.log.text;
      expect(server.log.lines).toHaveLength(6);
      for (const secret of [token, content, title, `${userId}@example.com`, 'session=']) {
        expect(text.includes(secret), secret.slice(0, 20)).toBe(false);
      }
    } finally {
      await server.close();
    }
  });

  it('redacts tokens, secrets and content that a handler logs by mistake', async () => {
    const log = new LogCapture();
    const app = express();
    const secret = randomUUID();
    app.use(requestLogging(pino(log)));
    app.get('/leak', (req, res) => {
      req.log.info(
        {
          headers: req.headers,
          token: secret,
          credentials: { password: secret, clientSecret: secret, refresh_token: secret },
          note: { title: 'kept', content: secret },
          body: { anything: secret },
        },
        'a careless line',
      );
      res.end('ok');
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/leak`, { headers: { authorization: `Bearer ${secret}`, cookie: secret } });

      const careless = log.records().find((r) => r.msg === 'a careless line');
      expect(careless).toMatchObject({ note: { title: 'kept', content: '[Redacted]' }, token: '[Redacted]' });
      expect(log.text.includes(secret)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
