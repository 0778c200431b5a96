import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Note, UnavailableError } from '@secure-notes/domain';
import { ApiClient } from '@secure-notes/http-api/testing';
import { listenOnLoopback } from '@secure-notes/service-kit';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorMapping } from './error-mapping.js';
import { REQUEST_ID_HEADER, requestLogging } from './request-logging.js';
import { LogCapture, startMemoryServer } from './testing/memory-server.js';

/** An Express app with request logging in front of `routes` and the error mapping behind them, on port 0. */
async function listen(
  routes: (app: Express) => void,
): Promise<{ url: string; log: LogCapture; close(): Promise<void> }> {
  const log = new LogCapture();
  const app = express();
  app.use(requestLogging(pino(log)));
  routes(app);
  app.use(errorMapping());
  const server = createServer(app);
  await listenOnLoopback(server, 'the logging test server');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

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

  it('redacts tokens, secrets and content that a handler logs by mistake, and tags the line with the request id', async () => {
    const secret = randomUUID();
    const server = await listen((app) => {
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
    });
    try {
      await fetch(`${server.url}/leak`, {
        headers: { authorization: `Bearer ${secret}`, cookie: secret, 'x-request-id': 'careless-1' },
      });

      const careless = server.log.records().find((r) => r.msg === 'a careless line');
      expect(careless).toMatchObject({
        reqId: 'careless-1',
        note: { title: 'kept', content: '[Redacted]' },
        token: '[Redacted]',
      });
      expect(server.log.text.includes(secret)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('keeps a plain incoming request id, replaces any other, and answers with the one it logs', async () => {
    const server = await listen((app) => {
      app.get('/ok', (_req, res) => {
        res.end('ok');
      });
    });
    try {
      const kept = await fetch(`${server.url}/ok`, { headers: { 'x-request-id': 'trace.42:a-b_c' } });
      const odd = 'not "plain" <at all>';
      const replaced = await fetch(`${server.url}/ok`, { headers: { 'x-request-id': odd } });
      const long = await fetch(`${server.url}/ok`, { headers: { 'x-request-id': 'a'.repeat(129) } });
      const none = await fetch(`${server.url}/ok`);

      const answered = [kept, replaced, long, none].map((response) => response.headers.get(REQUEST_ID_HEADER));
      expect(answered[0]).toBe('trace.42:a-b_c');
      for (const id of answered.slice(1))
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(answered).size).toBe(4);
      expect(server.log.records().map((r) => r.reqId)).toEqual(answered);
      expect(server.log.text.includes(odd)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("puts a server fault, redacted, on the request's one line: error for a 500, warn for a 503", async () => {
    const secret = randomUUID();
    const server = await listen((app) => {
      app.get('/broken', () => {
        throw Object.assign(new Error('the store broke'), { token: secret, body: secret });
      });
      app.get('/busy', () => {
        throw new UnavailableError('storage throttled', 2);
      });
    });
    try {
      const broken = await fetch(`${server.url}/broken?token=${secret}`);
      const busy = await fetch(`${server.url}/busy`);

      expect([broken.status, busy.status]).toEqual([500, 503]);
      const records = server.log.records();
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({
        level: 50,
        req: { method: 'GET', path: '/broken' },
        res: { statusCode: 500 },
        err: { type: 'Error', message: 'the store broke', token: '[Redacted]', body: '[Redacted]' },
      });
      expect(records[1]).toMatchObject({
        level: 40,
        res: { statusCode: 503 },
        err: { type: 'UnavailableError', message: 'storage throttled' },
      });
      expect(server.log.text.includes(secret)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('logs a request whose client went away before the answer, once, as aborted', async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let closed!: () => void;
    const gone = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = await listen((app) => {
      app.get('/slow', (_req, res) => {
        // Never answers; the request log's own 'close' listener runs before this one.
        res.on('close', closed);
        arrived();
      });
    });
    try {
      const controller = new AbortController();
      const request = fetch(`${server.url}/slow`, { signal: controller.signal }).catch(() => undefined);
      await received;
      controller.abort();
      await Promise.all([gone, request]);

      expect(server.log.records()).toEqual([
        expect.objectContaining({ level: 30, req: { method: 'GET', path: '/slow' }, aborted: true }),
      ]);
    } finally {
      await server.close();
    }
  });
});
