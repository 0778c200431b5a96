/**
 * The Notes API as an Express 5 application: thin glue around the shared contract's
 * transport-neutral handler. Express routes the requests of the shared route table, the
 * Cognito-style authorizer establishes the caller, the body is read by the contract's rules, and
 * the handler's answer is written as it is. Every failure is answered by the contract's one error
 * mapping. Each route carries its template in `res.locals.route`, which the request log reports
 * instead of the raw path. What runs per request is kept to what the route needs: the headers
 * every answer carries are computed once, CORS costs nothing when no origin is configured.
 */
import { type Idempotency, type NotesUseCases, type TokenVerifier, UnavailableError } from '@secure-notes/domain';
import {
  CorsPolicy,
  createNotesHttpHandler,
  createOpenApiDocument,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_STORAGE_BUDGET_MS,
  errorResponse,
  HttpProblem,
  jsonResponse,
  NOTES_ROUTES,
  type NotesRoute,
} from '@secure-notes/http-api';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { authenticate, principalOf } from './authorizer.js';
import { CachingTokenVerifier, type CachingTokenVerifierOptions } from './caching-token-verifier.js';
import { errorMapping } from './error-mapping.js';
import { jsonBody } from './json-body.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions, rateLimits } from './rate-limits.js';
import { requestLogging } from './request-logging.js';
import { send } from './responses.js';
import { API_SECURITY_HEADERS, securityHeaders } from './security-headers.js';

export interface NotesApiOptions {
  readonly useCases: NotesUseCases;
  /** Verifies the `Authorization` token; wrapped in a `CachingTokenVerifier` unless `tokenCache` is `false`. */
  readonly tokenVerifier: TokenVerifier;
  readonly logger: Logger;
  /** Origins allowed by CORS, exactly as browsers send them (`https://app.example.com`); none by default. */
  readonly corsOrigins?: readonly string[];
  /** The largest request body, in bytes; 300 KiB by default. */
  readonly bodyLimitBytes?: number;
  /**
   * Whether the app can serve: `GET /health` answers 200 while true, and the contract's 503
   * (`Unavailable`, with `Retry-After`) while false (starting, shutting down, or the token signing
   * keys not loaded yet). Always, by default.
   */
  readonly isReady?: () => boolean;
  /** Bounds of the verified-token cache, or `false` for none (the verifier caches by itself). */
  readonly tokenCache?: Omit<CachingTokenVerifierOptions, 'now'> | false;
  /** Safe retries of writes with an `Idempotency-Key`; without it such requests are refused with a 400. */
  readonly idempotency?: Idempotency;
  /**
   * How long storage may take for one request, retries included, in milliseconds (default 3000):
   * past it the request is answered 503 with Retry-After.
   */
  readonly storageBudgetMs?: number;
  /** Requests per minute per caller and per address (see `rate-limits.ts`); `DEFAULT_RATE_LIMITS` by default. */
  readonly rateLimits?: RateLimitOptions;
  /** Proxies in front (a load balancer) whose `X-Forwarded-For` names the client; none by default. */
  readonly trustProxy?: number;
}

/** `/notes/{noteId}` in Express's syntax: `/notes/:noteId`. */
function expressPath(route: NotesRoute): string {
  return route.path.replace(/\{([^}]+)\}/g, ':$1');
}

/** Marks the route a handler serves, for the request log. */
function markRoute(template: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = template;
    next();
  };
}

/**
 * Builds the application. Mount it at the root, or under a stage prefix (`/dev`).
 *
 * @example
 * const app = createNotesApi({ useCases, tokenVerifier, logger: pino(), corsOrigins: ['http://localhost:5173'] });
 * app.listen(3000);
 */
export function createNotesApi(options: NotesApiOptions): Express {
  const { useCases, logger } = options;
  const verifier =
    options.tokenCache === false
      ? options.tokenVerifier
      : new CachingTokenVerifier(options.tokenVerifier, options.tokenCache ?? {});
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const isReady = options.isReady ?? (() => true);
  const cors = new CorsPolicy(options.corsOrigins ?? []);
  const storageBudgetMs = options.storageBudgetMs ?? DEFAULT_STORAGE_BUDGET_MS;
  const handle = createNotesHttpHandler(
    useCases,
    options.idempotency === undefined ? {} : { idempotency: options.idempotency },
  );
  const openApiDocument = JSON.stringify(createOpenApiDocument());
  const ready = jsonResponse(200, { status: 'ok' });
  const notReady = errorResponse(new UnavailableError('the server is not ready'));
  // Notes are private: no response of this API may be stored by a browser or a proxy.
  const everyAnswer = [['Cache-Control', 'no-store'] as const, ...securityHeaders(API_SECURITY_HEADERS)];

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);

  app.use(requestLogging(logger));
  app.use((req, res, next) => {
    for (const [name, value] of everyAnswer) res.setHeader(name, value);
    if (cors.enabled) {
      const origin = req.headers.origin;
      if (req.method === 'OPTIONS') {
        const preflight = cors.preflightHeaders(origin);
        // A preflight from an origin that is not allowed finds no route.
        if (preflight === undefined) throw HttpProblem.routeNotFound();
        for (const name in preflight) res.setHeader(name, preflight[name] as string);
        res.statusCode = 204;
        res.end();
        return;
      }
      const headers = cors.responseHeaders(origin);
      for (const name in headers) res.setHeader(name, headers[name] as string);
    }
    next();
  });

  app.get('/health', markRoute('/health'), (_req, res) => {
    send(res, isReady() ? ready : notReady);
  });

  app.get('/openapi.json', markRoute('/openapi.json'), (_req, res) => {
    send(res, {
      statusCode: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: openApiDocument,
    });
  });

  const readBody = jsonBody(bodyLimit);
  const limits = rateLimits(options.rateLimits ?? DEFAULT_RATE_LIMITS);
  for (const route of NOTES_ROUTES) {
    /** What guards the route, in order: the address's rate, the token, the caller's rate. */
    const guard = async (req: Request, res: Response): Promise<void> => {
      res.locals.route = route.path;
      if (limits.byAddress !== undefined) await limits.byAddress(req, res);
      res.locals.principal = await authenticate(verifier, req.headers.authorization, route.access);
      if (limits.byCaller !== undefined) await limits.byCaller(req, res);
    };
    const answer = async (req: Request, res: Response): Promise<void> => {
      // Express 5's `req.query` parses the query string again on every read: read it once.
      let query: Request['query'] | undefined;
      send(
        res,
        await handle({
          route,
          principal: principalOf(res),
          param: (name) => req.params[name] as string | undefined,
          query: (name) => {
            if (query === undefined) query = req.query;
            return query[name];
          },
          header: (name) => {
            const value = req.headers[name];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          body: () => res.locals.body,
          basePath: req.baseUrl,
          deadline: Date.now() + storageBudgetMs,
        }),
      );
    };
    // One Express layer for a route without a body; a body is read only once the caller passed.
    const handlers: RequestHandler[] = route.takesBody
      ? [
          async (req, res, next) => {
            await guard(req, res);
            next();
          },
          readBody,
          answer,
        ]
      : [
          async (req, res) => {
            await guard(req, res);
            await answer(req, res);
          },
        ];
    app[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](expressPath(route), ...handlers);
  }

  app.use(() => {
    throw HttpProblem.routeNotFound();
  });
  app.use(errorMapping());
  return app;
}
