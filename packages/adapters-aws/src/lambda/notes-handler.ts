/**
 * The Notes API as a Lambda behind API Gateway (the tutorial's Lambda proxy integration), on
 * middy: thin glue around the shared contract's transport-neutral handler, as the Express
 * server is. The steps before and after the use case are named middlewares
 * (`notes-middlewares.ts`): the route by API Gateway's `resource` and `httpMethod` through the
 * shared route table, the caller from whichever authorizer ran (see `event-principal.ts`) and
 * the route's kind of access before the body is read, the body under the contract's rules (JSON
 * whatever the `Content-Type`, base64 bodies decoded as strict UTF-8, 300 KiB) through
 * `@middy/http-json-body-parser`, repeated headers read as Node reads them (joined with `, `),
 * and every failure answered through the contract's one error mapping, so a malformed event or
 * body gets the contract's 4xx, never an unhandled error. Everything that can be built once is
 * built when the handler is created, at the function's init.
 *
 * One structured log line per invocation (Powertools Logger, with the Lambda request id and the
 * cold-start flag): method, route, status, duration, request id and the caller's `sub`. Never a
 * token, a header, a body or a note's content.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Idempotency, NotesUseCases } from '@secure-notes/domain';
import {
  CorsPolicy,
  createNotesHttpHandler,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_STORAGE_BUDGET_MS,
} from '@secure-notes/http-api';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import {
  accessLog,
  caller,
  contractBody,
  contractErrors,
  invocationFacts,
  type NotesContext,
  type NotesInternal,
  parsedBody,
  proxyResult,
  routing,
} from './notes-middlewares.js';

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

  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, NotesContext, NotesInternal>()
    .use(injectLambdaContext(logger))
    .use(invocationFacts())
    .use(accessLog(logger))
    .use(proxyResult(new CorsPolicy(options.corsOrigins ?? [])))
    .use(contractErrors())
    .use(routing())
    .use(caller({ appClientIds: new Set(options.appClientIds) }))
    .use(contractBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES))
    // JSON whatever the Content-Type says (the tutorial's `curl -d` sends a form type).
    .use(httpJsonBodyParser({ disableContentTypeCheck: true }))
    .use(parsedBody())
    .handler(async (event, context) => {
      const invocation = context.notes;
      const { route, principal, headers } = invocation ?? {};
      if (invocation === undefined || route === undefined || principal === undefined || headers === undefined) {
        throw new Error('the notes middlewares did not run before the handler');
      }
      const pathParameters = event.pathParameters ?? {};
      const multiValueQuery = event.multiValueQueryStringParameters ?? {};
      const query = event.queryStringParameters ?? {};
      // The contract's answer; the proxy result middleware adds the request id and CORS.
      return handle({
        route,
        principal,
        param: (name) => pathParameters[name],
        query: (name) => multiValueQuery[name] ?? query[name],
        header: (name) => headers.get(name),
        body: () => invocation.body,
        basePath: basePathOf(event),
        deadline: Date.now() + Math.max(0, Math.min(storageBudgetMs, remainingOf(context) - reserveMs)),
      });
    });
  return handler as NotesLambdaHandler;
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
