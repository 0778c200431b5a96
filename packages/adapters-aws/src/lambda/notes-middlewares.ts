/**
 * The notes handler's steps as named middy middlewares. Each does one thing and shares what it
 * learns of the invocation through `request.internal`, as middy's own middlewares do; the first
 * also hands that record to the handler on the context, as middy's fetching middlewares hand
 * their values on (`setToContext`), since a middy handler sees only the event and the context.
 *
 * In the order the handler uses them: the invocation's facts (headers, request id, timing), the
 * log line and the proxy result's headers (both after the answer is final), the contract's
 * error answers, the route, the caller, the body's transport rules, middy's JSON body parser,
 * and the parser's failures as the contract answers them. middy runs `after` and `onError` in
 * the reverse order of `use`, so the error answer is made before it is dressed and logged.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import { type Principal, requireAccess } from '@secure-notes/domain';
import {
  type CorsPolicy,
  errorResponse,
  findRoute,
  forbiddenKeyError,
  HttpProblem,
  type NotesRoute,
  REQUEST_ID_HEADER,
  requestIdOf,
  requireUnexpiredToken,
} from '@secure-notes/http-api';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { principalFromAuthorizer } from './event-principal.js';
import { bodyByteLength, bodyText, lowerCaseHeaders } from './proxy-request.js';

/** What the middlewares learn of one invocation, in `request.internal`. */
export type NotesInternal = {
  started?: number;
  method?: string;
  requestId?: string;
  headers?: ReadonlyMap<string, string>;
  route?: NotesRoute;
  principal?: Principal;
  /** Whether the request carries a body the route reads; its value is `body` once parsed. */
  hasBody?: boolean;
  body?: unknown;
  /** The error a 5xx answers, for the log line. */
  fault?: unknown;
};

/** The Lambda context, with the invocation's record for the handler. */
export type NotesContext = Context & { notes?: NotesInternal };

export type NotesMiddleware = MiddlewareObj<
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Error,
  NotesContext,
  NotesInternal
>;
type NotesRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, NotesContext, NotesInternal>;

/** The method, headers, request id and start of the invocation; a missing event is read as an empty one. */
export function invocationFacts(): NotesMiddleware {
  return {
    before: (request) => {
      if (request.event === null || typeof request.event !== 'object') request.event = {} as APIGatewayProxyEvent;
      const event: Partial<APIGatewayProxyEvent> = request.event;
      const internal = request.internal;
      const headers = lowerCaseHeaders(event);
      internal.started = Date.now();
      internal.method = typeof event.httpMethod === 'string' ? event.httpMethod : '?';
      internal.headers = headers;
      internal.requestId = requestIdOf(
        headers.get('x-request-id'),
        () => event.requestContext?.requestId ?? request.context?.awsRequestId,
      );
      if (request.context !== null && typeof request.context === 'object') request.context.notes = internal;
    },
  };
}

/**
 * One structured line per invocation: method, route, status, duration, request id and the
 * caller's `sub`. Never a token, a header, a body or a note's content.
 */
export function accessLog(logger: Logger): NotesMiddleware {
  const log = (request: NotesRequest) => {
    const { internal, response } = request;
    const status = response?.statusCode ?? 500;
    const route = internal.route?.path ?? 'unrouted';
    const method = internal.method ?? '?';
    const facts = {
      method,
      route,
      status,
      durationMs: internal.started === undefined ? undefined : Date.now() - internal.started,
      requestId: internal.requestId ?? request.context?.awsRequestId,
      ...(internal.principal === undefined ? {} : { sub: internal.principal.userId }),
    };
    const message = `${method} ${route} ${status}`;
    if (status === 503) logger.warn(message, facts);
    else if (status >= 500) logger.error(message, { ...facts, error: internal.fault });
    else logger.info(message, facts);
  };
  return { after: log, onError: log };
}

/** The answer as a proxy result: the request id and, for a configured origin, CORS headers on it. */
export function proxyResult(cors: CorsPolicy): NotesMiddleware {
  const dress = (request: NotesRequest) => {
    const response = request.response;
    if (response === undefined || response === null) return;
    const headers: Record<string, string> = {
      ...(response.headers as Record<string, string> | undefined),
      [REQUEST_ID_HEADER]: request.internal.requestId ?? request.context?.awsRequestId,
    };
    if (cors.enabled) Object.assign(headers, cors.responseHeaders(request.internal.headers?.get('origin')));
    request.response = { statusCode: response.statusCode, headers, body: response.body, isBase64Encoded: false };
  };
  return { after: dress, onError: dress };
}

/** Any failure as the contract answers it (unknown errors a 500 that exposes nothing). */
export function contractErrors(): NotesMiddleware {
  return {
    onError: (request) => {
      const answer = errorResponse(request.error);
      if (answer.answer.serverFault) request.internal.fault = request.error;
      request.response = { statusCode: answer.statusCode, headers: answer.headers, body: answer.body };
    },
  };
}

/** The route of the shared route table, by API Gateway's `resource` and `httpMethod`. */
export function routing(): NotesMiddleware {
  return {
    before: (request) => {
      const { httpMethod, resource } = request.event;
      const route =
        typeof httpMethod === 'string' && typeof resource === 'string' ? findRoute(httpMethod, resource) : undefined;
      if (route === undefined) throw HttpProblem.routeNotFound();
      request.internal.route = route;
    },
  };
}

/**
 * The caller, from whichever authorizer ran (see `event-principal.ts`), refused once its token
 * has expired (a Lambda authorizer's policy is cached past `exp`), then the route's kind of
 * access, before the body is read, as on the Express server.
 */
export function caller(callers: { readonly appClientIds: ReadonlySet<string> }): NotesMiddleware {
  return {
    before: (request) => {
      const principal = principalFromAuthorizer(request.event.requestContext?.authorizer, callers);
      request.internal.principal = principal;
      requireUnexpiredToken(principal, Date.now());
      const route = request.internal.route;
      if (route !== undefined) requireAccess(principal, route.access);
    },
  };
}

/**
 * The body as the contract reads it, for the JSON parser that follows: only on routes that take
 * one, at most `bodyLimit` bytes, base64 decoded as strict UTF-8, a byte order mark dropped.
 * A request without a body the route reads hands the parser JSON `null` and is marked as having
 * none, so the parser runs on every invocation and the use case still sees no body.
 */
export function contractBody(bodyLimit: number): NotesMiddleware {
  return {
    before: (request) => {
      const event = request.event;
      const body = event.body;
      const none = request.internal.route?.takesBody !== true || body === null || body === undefined || body === '';
      request.internal.hasBody = !none;
      if (none) {
        event.body = 'null';
        event.isBase64Encoded = false;
        return;
      }
      if (typeof body !== 'string') throw HttpProblem.invalidJson();
      const base64 = event.isBase64Encoded === true;
      if (bodyByteLength(body, base64) > bodyLimit) throw HttpProblem.payloadTooLarge();
      try {
        event.body = bodyText(body, base64);
      } catch (error) {
        throw HttpProblem.invalidJson(error);
      }
      event.isBase64Encoded = false;
    },
  };
}

interface MiddyError {
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly cause?: { readonly data?: unknown };
}

/**
 * Takes the parsed body for the handler, and turns `@middy/http-json-body-parser`'s 422s into
 * the contract's answers: a key that could reach a prototype is a validation error naming it,
 * anything else the parser refused is `Invalid JSON body`.
 */
export function parsedBody(): NotesMiddleware {
  return {
    before: (request) => {
      if (request.internal.hasBody === true) request.internal.body = request.event.body;
    },
    onError: (request) => {
      const failure = request.error as MiddyError | null;
      if (failure === null || typeof failure !== 'object' || failure.statusCode !== 422) return;
      request.error =
        failure.message === 'Forbidden key in JSON body' && typeof failure.cause?.data === 'string'
          ? forbiddenKeyError(failure.cause.data)
          : HttpProblem.invalidJson(request.error);
    },
  };
}
