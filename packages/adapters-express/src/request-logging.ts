/**
 * One structured JSON line per request (method, path, route template, status, duration,
 * request id and the caller's `sub`), written when the response is done, and nothing a user
 * would not want in a log: no headers, no query, no body, no token.
 *
 * It sits on the hot path of every request, so it costs close to nothing there: no logger is
 * made per request, and the line's fields are picked one by one from known values, so the line
 * needs no redaction (a logger that redacts pays for every path on every line, and this line
 * can only hold what is chosen here). Redaction stays where unknown objects are logged: server
 * faults (their error goes on the request's one line, redacted) and whatever a handler logs
 * through `req.log` (a child logger made only when a handler asks for it).
 *
 * What it reads from the app: `res.locals.route` (the route template the router matched) and
 * `res.locals.principal` (set by the authorizer), and `res.err` (the error of a server fault,
 * set by the error mapping).
 */

import { randomUUID } from 'node:crypto';
import type { Principal } from '@secure-notes/domain';
import { REQUEST_ID_HEADER, requestIdOf } from '@secure-notes/http-api';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export { REQUEST_ID_HEADER };

/** What the logs never hold, wherever a handler puts it. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'authorization',
  'token',
  'password',
  'content',
  'body',
  '*.authorization',
  '*.cookie',
  '*["set-cookie"]',
  '*.token',
  '*.idToken',
  '*.id_token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.content',
  '*.body',
];

declare module 'http' {
  interface IncomingMessage {
    /** This request's id, as sent back in `X-Request-Id`. */
    id: string;
    /** A logger for this request (with its `reqId`), redacting; made on first use. */
    log: Logger;
  }
  interface ServerResponse {
    /** The error behind a server fault, for the request's log line. */
    err?: Error | undefined;
  }
}

const STARTED_AT = Symbol('secure-notes.request-logging.startedAt');

type TimedResponse = Response & { [STARTED_AT]?: number };

const makeRequestId = () => randomUUID();

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function levelOf(status: number, error: Error | undefined): 'info' | 'warn' | 'error' {
  if (status === 503) return 'warn';
  if (error !== undefined || status >= 500) return 'error';
  return 'info';
}

/**
 * The request-logging middleware; mount it first, so that every answer (401s included) is
 * logged. One line per request, at `info` (`warn` for a 503, `error` for other 5xx):
 *
 * @example
 * app.use(requestLogging(pino()));
 * // {"level":30,…,"reqId":"…","req":{"method":"GET","path":"/notes/01J…"},"res":{"statusCode":200},
 * //  "route":"/notes/{noteId}","sub":"…","responseTime":0.84,"msg":"GET /notes/{noteId} 200"}
 */
export function requestLogging(logger: Logger): RequestHandler {
  // Built once: the request line's logger, without redaction (its fields are chosen below), and
  // the redacting logger for what is not chosen field by field (errors, handlers' own lines).
  const lines = logger.child({}, { redact: [] });
  const redacting = logger.child({}, { redact: { paths: [...REDACTED_PATHS], censor: '[Redacted]' } });

  const lazyLog: PropertyDescriptor = {
    configurable: true,
    enumerable: false,
    get(this: Request): Logger {
      const log = redacting.child({ reqId: this.id });
      Object.defineProperty(this, 'log', { value: log, configurable: true, enumerable: false, writable: true });
      return log;
    },
    set(this: Request, value: Logger) {
      Object.defineProperty(this, 'log', { value, configurable: true, enumerable: false, writable: true });
    },
  };

  // `this` is the response: one function for every request, no closure made per request.
  function logRequest(this: TimedResponse): void {
    const req = this.req;
    const status = this.statusCode;
    const error = this.err;
    const level = levelOf(status, error);
    if (!lines.isLevelEnabled(level)) return;
    const route: string | undefined = this.locals.route;
    const principal: Principal | undefined = this.locals.principal;
    const startedAt = this[STARTED_AT] ?? performance.now();
    const path = pathOf(req.originalUrl ?? req.url ?? '');
    const line: Record<string, unknown> = {
      reqId: req.id,
      req: { method: req.method, path },
      res: { statusCode: status },
      responseTime: Math.round((performance.now() - startedAt) * 100) / 100,
    };
    if (route !== undefined) line.route = route;
    if (principal !== undefined) line.sub = principal.userId;
    // The client went away before the answer was complete.
    if (!this.writableFinished) line.aborted = true;
    const message = `${req.method} ${route ?? path} ${status}`;
    if (error === undefined) {
      lines[level](line, message);
    } else {
      line.err = error;
      redacting[level](line, message);
    }
  }

  return (req, res, next) => {
    (res as TimedResponse)[STARTED_AT] = performance.now();
    const id = requestIdOf(req.headers['x-request-id'], makeRequestId);
    req.id = id;
    Object.defineProperty(req, 'log', lazyLog);
    res.setHeader(REQUEST_ID_HEADER, id);
    // 'close' comes once per response: after it finished, or when the connection went first.
    res.on('close', logRequest);
    next();
  };
}
