/**
 * One structured JSON line per request (method, route, status, duration, request id and the
 * caller's `sub`), and nothing a user would not want in a log: the request is serialised
 * field by field (no headers, no query, no body), and redaction removes tokens, secrets and
 * note content from anything else a handler might log. Server faults carry their error.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@secure-notes/domain';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming request id is kept when it is short and plain; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

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

function requestIdOf(req: Request, res: Response): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

function pathOnly(url: unknown): string | undefined {
  return typeof url === 'string' ? url.split('?', 1)[0] : undefined;
}

function requestFacts(_req: Request, res: Response, facts: Record<string, unknown>): Record<string, unknown> {
  const principal: Principal | undefined = res.locals.principal;
  const route: string | undefined = res.locals.route;
  return {
    ...facts,
    ...(route === undefined ? {} : { route }),
    ...(principal === undefined ? {} : { sub: principal.userId }),
  };
}

/** The request-logging middleware; mount it first, so that every answer (401s included) is logged. */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp<Request, Response>({
    logger,
    genReqId: requestIdOf,
    // The request id as a top-level `reqId` field of every line.
    quietReqLogger: true,
    redact: { paths: [...REDACTED_PATHS], censor: '[Redacted]' },
    serializers: {
      req: (req: { method?: unknown; url?: unknown }) => ({ method: req.method, path: pathOnly(req.url) }),
      res: (res: { statusCode?: unknown }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => {
      if (res.statusCode === 503) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return 'info';
    },
    customSuccessObject: (req, res, facts) => requestFacts(req, res, facts),
    customErrorObject: (req, res, _error, facts) => requestFacts(req, res, facts),
    customSuccessMessage: (req, res) =>
      `${req.method} ${res.locals.route ?? pathOnly(req.originalUrl)} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method} ${res.locals.route ?? pathOnly(req.originalUrl)} ${res.statusCode}`,
  });
}
