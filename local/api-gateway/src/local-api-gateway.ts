/**
 * A local API Gateway with REST API semantics, for running Lambda functions offline exactly as
 * they deploy: it is given the API's routes (method, path template, the function to invoke,
 * the authorizer), its stage, its functions (bundles) and its authorizers, and knows nothing
 * else of the API behind it. Each request under `/{stage}` goes through six steps, in API
 * Gateway's order, each a module of `pipeline/` that either answers or hands on:
 *
 * 1. `front-door.ts`: what stands in front of the API. A body over the payload limit (10 MB) is
 *    a plain-text 413, header values over 10,240 bytes a plain-text 431; then, when given, the
 *    WAF's rate rule by source address (`addressRateLimit`) and the stage's throttling
 *    (`throttle`) are `429 Too Many Requests` (see `request-limits.ts`);
 * 2. `preflight.ts`: an OPTIONS preflight on a defined resource is answered with CORS headers,
 *    no authorizer (only when origins are configured, as the infrastructure deploys preflights);
 * 3. `routing.ts`: a method and path no route defines is `403 Missing Authentication Token`;
 * 4. `authorization.ts`: the method's authorizer decides (see `cognito-authorizer.ts`,
 *    `lambda-authorizer.ts`);
 * 5. `integration.ts`: the function is invoked with the proxy event; an error that escapes it,
 *    its timeout, a crash, a failed init or a malformed result is `502 Internal server error`;
 *    an event over Lambda's 6 MB invocation limit is `413 Request Too Long`; past the
 *    integration timeout (29 s) the answer is `504`, a wait for a free instance included;
 *    throttled (past a reserved concurrency), `500`;
 * 6. `respond.ts`: its result is the answer, as it gave it.
 *
 * The gateway's own answers come from one table (`gateway-responses.ts`) with
 * `x-amzn-ErrorType`, `x-amzn-RequestId` and the CORS headers. Requests outside the stage go to
 * `outsideStage` when given (the local stack serves its pages there). Every request is logged
 * as one line (`pipeline/exchange.ts`): never a header, a token or a body.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { listen } from '@secure-notes/service-kit';
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import type { AuthorizerDefinition } from './authorizers.js';
import { GatewayCors, type GatewayCorsConfig } from './cors.js';
import { GATEWAY_RESPONSES } from './gateway-responses.js';
import { startAuthorizers, startFunctions } from './gateway-setup.js';
import type { FunctionLogSink, LambdaFunction, LambdaFunctionConfig } from './lambda/lambda-function.js';
import { authorize } from './pipeline/authorization.js';
import { Exchange, type GatewayLogger } from './pipeline/exchange.js';
import { admit, type FrontDoorLimits } from './pipeline/front-door.js';
import { integrate } from './pipeline/integration.js';
import { Preflights } from './pipeline/preflight.js';
import { respond } from './pipeline/respond.js';
import { type GatewayRoute, RouteTable } from './pipeline/routing.js';
import {
  type ApiContext,
  forwardedHeaders,
  type IncomingRequest,
  type MatchedResource,
  proxyEventOf,
  queryMaps,
  sourceIpOf,
  traceIdOf,
} from './proxy-event.js';
import {
  type AddressRateLimitSettings,
  AddressRateRule,
  StageThrottle,
  type ThrottleSettings,
} from './request-limits.js';

export type { GatewayLogger } from './pipeline/exchange.js';
export type { GatewayRoute } from './pipeline/routing.js';

/** API Gateway's REST API payload limit. */
export const DEFAULT_PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/** API Gateway's REST API limit on all header values together. */
export const DEFAULT_HEADER_VALUES_LIMIT_BYTES = 10_240;
/** API Gateway's REST API integration timeout. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** Every event the gateway sends to a function, for tests to inspect (the schema checks). */
export type GatewayEventRecord =
  | { readonly kind: 'proxy'; readonly function: string; readonly event: APIGatewayProxyEvent }
  | {
      readonly kind: 'authorizer';
      readonly function: string;
      readonly event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;
    };

export interface LocalApiGatewayOptions {
  /** The stage, the first segment of every path: `dev` serves `/dev/notes`. */
  readonly stage: string;
  readonly routes: readonly GatewayRoute[];
  readonly functions: readonly LambdaFunctionConfig[];
  readonly authorizers?: Readonly<Record<string, AuthorizerDefinition>>;
  /** CORS for the gateway's own answers and the OPTIONS preflights; none by default. */
  readonly cors?: GatewayCorsConfig;
  /** 0 picks a free port. */
  readonly port?: number;
  /** 127.0.0.1 by default. */
  readonly host?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** The REST API's id, in method ARNs: `localapi01` by default. */
  readonly apiId?: string;
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** Content types passed to functions as base64 (`isBase64Encoded: true`); none by default. */
  readonly binaryMediaTypes?: readonly string[];
  readonly payloadLimitBytes?: number;
  /** The most bytes all header values together may take; 10,240 by default. */
  readonly headerValuesLimitBytes?: number;
  readonly integrationTimeoutMs?: number;
  /** Serves requests whose path is not under `/{stage}`; without it they are `403 {"message":"Forbidden"}`. */
  readonly outsideStage?: RequestListener;
  readonly logger?: GatewayLogger;
  /** Receives every line the functions print, and Lambda's START/END/REPORT lines. */
  readonly functionLog?: FunctionLogSink;
  /** Called with every event sent to a function (tests validate them against AWS's schemas). */
  readonly onEvent?: (record: GatewayEventRecord) => void;
  /** The stage's throttling (API Gateway's token bucket); none by default. */
  readonly throttle?: ThrottleSettings;
  /** A WAF rate-based rule by source address in front of the stage; none by default. */
  readonly addressRateLimit?: AddressRateLimitSettings;
  /** The gateway's clock, epoch milliseconds: the authorizer cache's and the throttle's (tests step past them). */
  readonly now?: () => number;
  /** The `fetch` the Cognito authorizer loads the pool's keys with. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface LocalApiGateway {
  /** `http://localhost:{port}` (or the host it listens on). */
  readonly url: string;
  /** `{url}/{stage}`: where the API's routes start, like API Gateway's invoke URL. */
  readonly invokeUrl: string;
  readonly port: number;
  readonly functions: ReadonlyMap<string, LambdaFunction>;
  /** Stops listening, closes connections and ends every function instance. */
  close(): Promise<void>;
}

const NO_LOGGER: GatewayLogger = { info: () => {}, warn: () => {}, error: () => {} };

function extendedRequestId(): string {
  return `${randomBytes(11).toString('base64').replace(/[+/=]/g, 'A').slice(0, 15)}=`;
}

/** A path outside the stage, without `outsideStage`: API Gateway's answer to an unknown stage. */
function answerOutsideStage(exchange: Exchange): void {
  const body = Buffer.from('{"message":"Forbidden"}');
  exchange.res.writeHead(403, {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    'x-amzn-RequestId': exchange.requestId,
    'x-amzn-ErrorType': 'ForbiddenException',
  });
  exchange.res.end(body);
}

/**
 * Starts the gateway and listens.
 *
 * @example
 * const gateway = await startLocalApiGateway({
 *   stage: 'dev',
 *   functions: [{ name: 'NotesAPI', bundle: 'apps/lambda-notes/bundle/index.mjs', timeoutSeconds: 10, environment }],
 *   authorizers: { CognitoAuth: { type: 'COGNITO_USER_POOLS', issuer, jwksUri } },
 *   routes: [{ method: 'GET', path: '/notes', function: 'NotesAPI', authorizer: 'CognitoAuth' }],
 *   port: 0,
 * });
 * await fetch(`${gateway.invokeUrl}/notes`, { headers: { Authorization: idToken } });
 * await gateway.close();
 */
export async function startLocalApiGateway(options: LocalApiGatewayOptions): Promise<LocalApiGateway> {
  const stage = options.stage;
  if (!/^[A-Za-z0-9_-]+$/.test(stage)) throw new Error(`The stage name must be letters, digits, - and _: ${stage}`);
  const logger = options.logger ?? NO_LOGGER;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const apiId = options.apiId ?? 'localapi01';
  const integrationTimeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const deploymentId = randomBytes(3).toString('hex');
  const cors = new GatewayCors(options.cors);
  const frontDoor: FrontDoorLimits = {
    payloadLimitBytes: options.payloadLimitBytes ?? DEFAULT_PAYLOAD_LIMIT_BYTES,
    headerValuesLimitBytes: options.headerValuesLimitBytes ?? DEFAULT_HEADER_VALUES_LIMIT_BYTES,
    addressRule: options.addressRateLimit === undefined ? undefined : new AddressRateRule(options.addressRateLimit),
    throttle: options.throttle === undefined ? undefined : new StageThrottle(options.throttle, options.now ?? Date.now),
  };

  const { functions, functionNamed } = startFunctions(options, region, accountId);
  const routes = new RouteTable(options.routes, functionNamed, startAuthorizers(options, functionNamed));
  const preflights = new Preflights(
    options.routes.map((route) => route.path),
    cors,
  );

  const stagePrefix = `/${stage}`;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const exchange = new Exchange(req, res, logger, cors);
    const { fullPath } = exchange;
    if (fullPath !== stagePrefix && !fullPath.startsWith(`${stagePrefix}/`)) {
      if (options.outsideStage === undefined) answerOutsideStage(exchange);
      else options.outsideStage(req, res);
      return;
    }
    const path = fullPath === stagePrefix ? '/' : fullPath.slice(stagePrefix.length);
    const sourceIp = sourceIpOf(req.socket.remoteAddress);

    const admitted = await admit(exchange, sourceIp, frontDoor);
    if (admitted === undefined) return;
    if (preflights.answer(exchange, path)) return;
    const match = routes.match(exchange, path);
    if (match === undefined) return;

    const route = match.target;
    const request: IncomingRequest = {
      method: exchange.method,
      path,
      query: queryMaps(exchange.rawQuery),
      rawHeaders: req.rawHeaders,
      body: admitted.body,
      sourceIp,
      protocol: `HTTP/${req.httpVersion}`,
      receivedAt: exchange.receivedAt,
      port,
    };
    const api: ApiContext = {
      region,
      accountId,
      apiId,
      stage,
      stageVariables: options.stageVariables ?? null,
      requestId: exchange.requestId,
      extendedRequestId: extendedRequestId(),
      deploymentId,
      binaryMediaTypes: options.binaryMediaTypes ?? [],
    };
    const matched: MatchedResource = {
      resource: match.resource,
      resourceId: route.resourceId,
      pathParameters: match.pathParameters,
    };
    const traceId = traceIdOf(exchange.receivedAt);
    const headers = forwardedHeaders(request, traceId);

    const authorized = await authorize(exchange, route, { request, api, matched, headers });
    if (authorized === undefined) return;
    const event = proxyEventOf(request, api, matched, headers, authorized.context);
    options.onEvent?.({ kind: 'proxy', function: route.fn.config.name, event });
    const integrated = await integrate(
      exchange,
      route,
      event,
      route.config.integrationTimeoutMs ?? integrationTimeoutMs,
    );
    if (integrated === undefined) return;
    respond(exchange, match.resource, integrated, { extendedRequestId: api.extendedRequestId, traceId });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'the local API Gateway failed to answer a request');
      if (!res.headersSent) {
        const response = GATEWAY_RESPONSES.INTEGRATION_FAILURE;
        res.writeHead(response.status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': response.errorType });
      }
      res.end();
    });
  });
  server.requestTimeout = integrationTimeoutMs + 30_000;
  const host = options.host ?? '127.0.0.1';
  try {
    port = await listen(server, { port: options.port ?? 0, host, service: 'the local API Gateway', setting: 'PORT' });
  } catch (error) {
    await Promise.all([...functions.values()].map((fn) => fn.close()));
    throw error;
  }
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    invokeUrl: `${url}${stagePrefix}`,
    port,
    functions,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([...functions.values()].map((fn) => fn.close()));
        await closed;
      })();
      return closing;
    },
  };
}
