/**
 * The Notes API as a Lambda behind API Gateway (the tutorial's Lambda proxy integration), on
 * middy: thin glue around the shared contract's transport-neutral handler, as the Express
 * server is. It routes by API Gateway's `resource` and `httpMethod` through the shared route
 * table, takes the caller from whichever authorizer ran (see `event-principal.ts`), checks the
 * route's kind of access before it reads the body, reads the body with
 * `@middy/http-json-body-parser` under the contract's rules (JSON whatever the `Content-Type`,
 * base64 bodies decoded as strict UTF-8, 300 KiB), reads repeated headers as Node does (joined
 * with `, `), runs the use case, and answers through the contract's one
 * error mapping, so a malformed event or body gets the contract's 4xx, never an unhandled error.
 * Everything that can be built once is built when the handler is created, at the function's init.
 *
 * One structured log line per invocation (Powertools Logger, with the Lambda request id and the
 * cold-start flag): method, route, status, duration, request id and the caller's `sub`. Never a
 * token, a header, a body or a note's content.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type Request } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { type Idempotency, type NotesUseCases, type Principal, requireAccess } from '@secure-notes/domain';
import {
  CorsPolicy,
  createNotesHttpHandler,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_STORAGE_BUDGET_MS,
  errorResponse,
  findRoute,
  forbiddenKeyError,
  HttpProblem,
  type HttpResponse,
  type NotesRoute,
  REQUEST_ID_HEADER,
  requestIdOf,
  requireUnexpiredToken,
} from '@secure-notes/http-api';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { principalFromAuthorizer } from './event-principal.js';

export interface NotesLambdaHandlerOptions {
  readonly useCases: NotesUseCases;
  readonly logger: Logger;
  /**
   * The app clients whose tokens the API accepts. Behind the Cognito user pool authorizer,
   * which lets any app client's token of the pool through, a token of another is a 401.
   */
  readonly appClientIds: readonly string[];
  /** Origins allowed by CORS, exactly as browsers send them; none by default. */
  readonly corsOrigins?: readonly string[];
  /** The largest request body, in bytes; 300 KiB by default. */
  readonly bodyLimitBytes?: number;
  /** Safe retries of writes with an `Idempotency-Key`; without it such requests are refused with a 400. */
  readonly idempotency?: Idempotency;
  /**
   * How long storage may take for one invocation, retries included (default 3000 ms), and never
   * longer than the function has left minus `reserveMs`: past it the answer is a 503, not a
   * Lambda timeout that API Gateway would turn into a 502.
   */
  readonly storageBudgetMs?: number;
  /** Time kept back from the function's remaining time to answer after storage gives up (default 500 ms). */
  readonly reserveMs?: number;
}

export type NotesLambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What the middleware learns of a request before the handler runs. */
interface Invocation {
  readonly started: number;
  readonly method: string;
  readonly requestId: string;
  readonly headers: ReadonlyMap<string, string>;
  route?: NotesRoute;
  principal?: Principal;
  body?: unknown;
}

type NotesRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/**
 * Headers that Node's HTTP server keeps once when a request repeats them (the first value), as
 * `IncomingMessage.headers` documents; every other repeated header is joined with `, `.
 */
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

function addHeader(headers: Map<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  const earlier = headers.get(lower);
  if (earlier === undefined) headers.set(lower, value);
  else if (!SINGLE_VALUED.has(lower)) headers.set(lower, `${earlier}, ${value}`);
}

/**
 * The request's headers by lower-case name, read as the Express server reads them: a repeated
 * header (two `If-Match` lines) is joined with `, `, so the contract sees both values on either
 * runtime. API Gateway keeps every value in `multiValueHeaders`; `headers` holds only the last.
 */
function lowerCaseHeaders(event: Partial<APIGatewayProxyEvent>): Map<string, string> {
  const headers = new Map<string, string>();
  const multi = event.multiValueHeaders;
  if (multi !== null && typeof multi === 'object') {
    for (const name in multi) {
      const values = multi[name];
      if (Array.isArray(values))
        for (const value of values) if (typeof value === 'string') addHeader(headers, name, value);
    }
  }
  const given = event.headers;
  if (given !== null && typeof given === 'object') {
    for (const name in given) {
      const value = given[name];
      if (typeof value === 'string' && !headers.has(name.toLowerCase())) headers.set(name.toLowerCase(), value);
    }
  }
  return headers;
}

/** UTF-8 that refuses bytes that are not UTF-8 (and drops a leading byte order mark). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

interface MiddyError {
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly cause?: { readonly data?: unknown };
}

/** `@middy/http-json-body-parser`'s 422s, as the contract answers them. */
function contractErrorOf(error: unknown): unknown {
  const failure = error as MiddyError | null;
  if (failure !== null && typeof failure === 'object' && failure.statusCode === 422) {
    if (failure.message === 'Forbidden key in JSON body' && typeof failure.cause?.data === 'string') {
      return forbiddenKeyError(failure.cause.data);
    }
    return HttpProblem.invalidJson(error);
  }
  return error;
}

function byteLength(body: string, base64: boolean): number {
  return base64
    ? Math.floor((body.length * 3) / 4) - (body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0)
    : Buffer.byteLength(body);
}

/**
 * Builds the handler. Call it once, at init, with the composed use cases.
 *
 * @example
 * export const handler = createNotesLambdaHandler({
 *   useCases,
 *   logger: new Logger({ serviceName: 'notes' }),
 *   appClientIds: ['4pt0example1client2id3abc'],
 * });
 */
export function createNotesLambdaHandler(options: NotesLambdaHandlerOptions): NotesLambdaHandler {
  const { logger } = options;
  const storageBudgetMs = options.storageBudgetMs ?? DEFAULT_STORAGE_BUDGET_MS;
  const reserveMs = options.reserveMs ?? 500;
  const handle = createNotesHttpHandler(
    options.useCases,
    options.idempotency === undefined ? {} : { idempotency: options.idempotency },
  );
  const cors = new CorsPolicy(options.corsOrigins ?? []);
  const callers = { appClientIds: new Set(options.appClientIds) };
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  // The parser reads JSON whatever the Content-Type says (the tutorial's `curl -d` sends a form type).
  const parseJson = httpJsonBodyParser({ disableContentTypeCheck: true }).before as (request: NotesRequest) => void;
  // What the middleware learned of each invocation, found again by its event object.
  const invocations = new WeakMap<object, Invocation>();

  function finish(event: object, context: Context, response: HttpResponse, fault?: unknown): APIGatewayProxyResult {
    const invocation = invocations.get(event);
    const requestId = invocation?.requestId ?? context.awsRequestId;
    const headers: Record<string, string> = { ...response.headers, [REQUEST_ID_HEADER]: requestId };
    if (cors.enabled) Object.assign(headers, cors.responseHeaders(invocation?.headers.get('origin')));
    const route = invocation?.route?.path ?? 'unrouted';
    const method = invocation?.method ?? '?';
    const facts = {
      method,
      route,
      status: response.statusCode,
      durationMs: invocation === undefined ? undefined : Date.now() - invocation.started,
      requestId,
      ...(invocation?.principal === undefined ? {} : { sub: invocation.principal.userId }),
    };
    const message = `${method} ${route} ${response.statusCode}`;
    if (response.statusCode === 503) logger.warn(message, facts);
    else if (response.statusCode >= 500) logger.error(message, { ...facts, error: fault });
    else logger.info(message, facts);
    return { statusCode: response.statusCode, headers, body: response.body, isBase64Encoded: false };
  }

  const contract: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> = {
    before: (request) => {
      const event: Partial<APIGatewayProxyEvent> = request.event ?? {};
      const headers = lowerCaseHeaders(event);
      const invocation: Invocation = {
        started: Date.now(),
        method: typeof event.httpMethod === 'string' ? event.httpMethod : '?',
        headers,
        requestId: requestIdOf(
          headers.get('x-request-id'),
          () => event.requestContext?.requestId ?? request.context.awsRequestId,
        ),
      };
      if (request.event === null || typeof request.event !== 'object') request.event = event as APIGatewayProxyEvent;
      invocations.set(request.event, invocation);
      const route =
        typeof event.httpMethod === 'string' && typeof event.resource === 'string'
          ? findRoute(event.httpMethod, event.resource)
          : undefined;
      if (route === undefined) throw HttpProblem.routeNotFound();
      invocation.route = route;
      const principal = principalFromAuthorizer(event.requestContext?.authorizer, callers);
      invocation.principal = principal;
      // A Lambda authorizer's policy is cached past the token's exp: expiry is checked here too.
      requireUnexpiredToken(principal, Date.now());
      // The route's kind of access comes before the body, as on the Express server.
      requireAccess(principal, route.access);
      if (!route.takesBody) return;
      const body = event.body;
      if (body === null || body === undefined || body === '') return;
      if (typeof body !== 'string') throw HttpProblem.invalidJson();
      if (byteLength(body, event.isBase64Encoded === true) > bodyLimit) throw HttpProblem.payloadTooLarge();
      // The text the parser reads, as the Express server reads bytes: base64 bodies decoded as
      // strict UTF-8 (bytes that are not UTF-8 are a 400, not replacement characters), and a
      // byte order mark before the JSON ignored (RFC 8259 lets a parser ignore it).
      let text: string;
      try {
        text = event.isBase64Encoded === true ? strictUtf8.decode(Buffer.from(body, 'base64')) : body;
      } catch (error) {
        throw HttpProblem.invalidJson(error);
      }
      request.event.body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      request.event.isBase64Encoded = false;
      try {
        parseJson(request);
      } catch (error) {
        throw contractErrorOf(error);
      }
      invocation.body = request.event.body;
    },
    onError: (request) => {
      request.response = finish(request.event ?? {}, request.context, errorResponse(request.error), request.error);
    },
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(contract)
    .handler(async (event, context) => {
      const invocation = invocations.get(event);
      const { route, principal } = invocation ?? {};
      if (invocation === undefined || route === undefined || principal === undefined) {
        throw new Error('the contract middleware did not run before the handler');
      }
      const pathParameters = event.pathParameters ?? {};
      const multiValueQuery = event.multiValueQueryStringParameters ?? {};
      const query = event.queryStringParameters ?? {};
      const response = await handle({
        route,
        principal,
        param: (name) => pathParameters[name],
        query: (name) => multiValueQuery[name] ?? query[name],
        header: (name) => invocation.headers.get(name),
        body: () => invocation.body,
        basePath: basePathOf(event),
        deadline: Date.now() + Math.max(0, Math.min(storageBudgetMs, remainingOf(context) - reserveMs)),
      });
      return finish(event, context, response);
    });
}

/** The time the invocation has left; plenty when the context cannot tell (a test, a container). */
function remainingOf(context: Context): number {
  return typeof context?.getRemainingTimeInMillis === 'function'
    ? context.getRemainingTimeInMillis()
    : Number.MAX_SAFE_INTEGER;
}

/** The part of the request path before the API's own paths: the stage (`/dev`), or a custom domain's base path. */
function basePathOf(event: APIGatewayProxyEvent): string {
  const requested = event.requestContext?.path ?? event.path ?? '';
  const own = event.path ?? '';
  return own !== '' && requested.endsWith(own) ? requested.slice(0, requested.length - own.length) : '';
}
