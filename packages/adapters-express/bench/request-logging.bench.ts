/**
 * What request logging costs per request, in the process: the middleware and its one line,
 * formatted by pino and written to a real file (/dev/null), against the same request with no
 * logging at all (the baseline). The request and response are Node's own objects; the end of
 * the response is simulated by the events Node emits. To run it once:
 *   pnpm exec vitest bench --run packages/adapters-express/bench/request-logging.bench.ts
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import { pino } from 'pino';
import { afterAll, test } from 'vitest';
import { requestLogging } from '../src/request-logging.js';

// Synchronous, so that each iteration pays for its own write (an asynchronous destination would
// let a tight loop pile lines up and write them later, outside the measured call).
const destination = pino.destination({ dest: '/dev/null', sync: true });
const logger = pino({ level: 'info', base: { service: 'bench' } }, destination);
const socket = new Socket();

afterAll(() => {
  destination.flushSync();
  destination.end();
});

function aRequest(): { req: Request; res: Response } {
  const req = new IncomingMessage(socket) as Request;
  req.method = 'GET';
  req.url = '/notes/01JBENCH0000000000000000000?limit=1';
  req.originalUrl = req.url;
  req.headers = { authorization: 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl', 'x-request-id': 'trace-bench-42' };
  const res = new ServerResponse(req) as Response;
  res.locals = { route: '/notes/{noteId}', principal: { userId: 'f0f0f0f0-0000-4000-8000-000000000000' } };
  return { req, res };
}

/** One request through `middleware`: the route answers 200, then Node's end-of-response events. */
function serve(middleware: RequestHandler): void {
  const { req, res } = aRequest();
  middleware(req, res, () => {
    res.statusCode = 200;
  });
  res.finished = true;
  res.emit('finish');
  res.emit('close');
}

const none: RequestHandler = (_req, _res, next) => next();
const logging = requestLogging(logger);

test('one request: no logging vs request logging', async ({ bench }) => {
  await bench.compare(
    bench('no logging (baseline)', () => serve(none)),
    bench('requestLogging: one line per request', () => serve(logging)),
    { time: 500 },
  );
});
