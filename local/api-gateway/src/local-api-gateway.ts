/**
 * A local API Gateway with REST API semantics, for running Lambda functions offline exactly as
 * they deploy: it is given the API's routes (method, path template, the function to invoke,
 * the authorizer), its stage, its functions (bundles) and its authorizers, and knows nothing
 * else of the API behind it. For each request under `/{stage}`, in API Gateway's order:
 *
 * 1. a body over the payload limit (10 MB) is `413 Request Too Long`;
 * 2. an OPTIONS preflight on a defined resource is answered with CORS headers, no authorizer
 *    (only when origins are configured, as the infrastructure deploys preflights);
 * 3. a method and path no route defines is `403 Missing Authentication Token`;
 * 4. the method's authorizer decides (see `cognito-authorizer.ts`, `lambda-authorizer.ts`);
 * 5. the function is invoked with the proxy event; an error that escapes it, its timeout, a
 *    crash, a failed init or a malformed result is `502 Internal server error`; past the
 *    integration timeout (29 s) the answer is `504`; throttled, `500`;
 * 6. its result is the answer, as it gave it.
 *
 * The gateway's own answers come from one table (`gateway-responses.ts`) with
 * `x-amzn-ErrorType`, `x-amzn-RequestId` and the CORS headers. Requests outside the stage go to
 * `outsideStage` when given (the local stack serves its pages there). Every request is logged
 * as one line (method, resource, status, latency, why the gateway answered): never a header, a
 * token or a body.
 */

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { listen } from '@secure-notes/service-kit';
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import type { AuthorizationOutcome, Authorizer, AuthorizerDefinition } from './authorizers.js';
import { CognitoUserPoolAuthorizer } from './cognito-authorizer.js';
import { GatewayCors, type GatewayCorsConfig } from './cors.js';
import { GATEWAY_RESPONSES, type GatewayResponseType } from './gateway-responses.js';
import {
  type FunctionLogSink,
  type InvocationOutcome,
  LambdaFunction,
  type LambdaFunctionConfig,
  withTimeout,
} from './lambda/lambda-function.js';
import { LambdaAuthorizer } from './lambda-authorizer.js';
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
import { MalformedProxyResultError, type ProxyResponse, parseProxyResult } from './proxy-result.js';
import { ResourceTree } from './resource-tree.js';

/** API Gateway's REST API payload limit. */
export const DEFAULT_PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/** API Gateway's REST API integration timeout. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

export type GatewayMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';

export interface GatewayRoute {
  readonly method: GatewayMethod;
  /** The resource path template: `/notes/{noteId}`. */
  readonly path: string;
  /** The name of the function the Lambda proxy integration invokes. */
  readonly function: string;
  /** The name of the method's authorizer; none leaves the method open. */
  readonly authorizer?: string;
  /** OAuth scopes of the method (Cognito authorizer only): then it takes access tokens with one of them. */
  readonly authorizationScopes?: readonly string[];
  /** This integration's timeout (50 ms to 29 s on AWS); the API's `integrationTimeoutMs` by default. */
  readonly integrationTimeoutMs?: number;
}

/** Every event the gateway sends to a function, for tests to inspect (the schema checks). */
export type GatewayEventRecord =
  | { readonly kind: 'proxy'; readonly function: string; readonly event: APIGatewayProxyEvent }
  | {
      readonly kind: 'authorizer';
      readonly function: string;
      readonly event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;
    };

/** A pino-compatible logger: `logger.info({ ...fields }, 'message')`. */
export interface GatewayLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

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
  readonly integrationTimeoutMs?: number;
  /** Serves requests whose path is not under `/{stage}`; without it they are `403 {"message":"Forbidden"}`. */
  readonly outsideStage?: RequestListener;
  readonly logger?: GatewayLogger;
  /** Receives every line the functions print, and Lambda's START/END/REPORT lines. */
  readonly functionLog?: FunctionLogSink;
  /** Called with every event sent to a function (tests validate them against AWS's schemas). */
  readonly onEvent?: (record: GatewayEventRecord) => void;
  /** The authorizer cache's clock, epoch milliseconds (tests step past the TTL). */
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

interface Route {
  readonly config: GatewayRoute;
  readonly fn: LambdaFunction;
  readonly authorizer: Authorizer | undefined;
  readonly resourceId: string;
}

class PayloadTooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, rejects without keeping the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limit) return Promise.reject(new PayloadTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function resourceIdOf(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 6);
}

function extendedRequestId(): string {
  return `${randomBytes(11).toString('base64').replace(/[+/=]/g, 'A').slice(0, 15)}=`;
}

function groupHeaders(pairs: readonly (readonly [string, string])[]): Map<string, { name: string; values: string[] }> {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const entry = grouped.get(key);
    if (entry === undefined) grouped.set(key, { name, values: [value] });
    else entry.values.push(value);
  }
  return grouped;
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
  const payloadLimit = options.payloadLimitBytes ?? DEFAULT_PAYLOAD_LIMIT_BYTES;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const deploymentId = randomBytes(3).toString('hex');
  const cors = new GatewayCors(options.cors);

  const functions = new Map<string, LambdaFunction>();
  for (const config of options.functions) {
    if (functions.has(config.name)) throw new Error(`Two functions are named ${config.name}`);
    functions.set(
      config.name,
      new LambdaFunction(
        { region, accountId, ...config },
        options.functionLog === undefined ? {} : { log: options.functionLog },
      ),
    );
  }
  const functionNamed = (name: string, usedBy: string): LambdaFunction => {
    const fn = functions.get(name);
    if (fn === undefined)
      throw new Error(`${usedBy} names the function ${name}, which is not among the gateway's functions`);
    return fn;
  };

  const authorizers = new Map<string, Authorizer>();
  for (const [name, definition] of Object.entries(options.authorizers ?? {})) {
    if (definition.type === 'COGNITO_USER_POOLS') {
      authorizers.set(
        name,
        new CognitoUserPoolAuthorizer(definition, options.fetch === undefined ? {} : { fetch: options.fetch }),
      );
    } else {
      authorizers.set(
        name,
        new LambdaAuthorizer(definition, functionNamed(definition.function, `The authorizer ${name}`), {
          ...(options.now === undefined ? {} : { now: options.now }),
          onEvent: (event) => options.onEvent?.({ kind: 'authorizer', function: definition.function, event }),
        }),
      );
    }
  }

  const tree = new ResourceTree<Route>(
    options.routes.map((config) => {
      const authorizer = config.authorizer === undefined ? undefined : authorizers.get(config.authorizer);
      if (config.authorizer !== undefined && authorizer === undefined) {
        throw new Error(
          `${config.method} ${config.path} names the authorizer ${config.authorizer}, which is not defined`,
        );
      }
      return {
        method: config.method,
        path: config.path,
        target: {
          config,
          fn: functionNamed(config.function, `${config.method} ${config.path}`),
          authorizer,
          resourceId: resourceIdOf(config.path),
        },
      };
    }),
  );
  const resourcePaths = new Set(options.routes.map((r) => r.path));
  const preflightTree = new ResourceTree(
    [...resourcePaths].map((path) => ({ method: 'OPTIONS', path, target: resourceIdOf(path) })),
  );

  const stagePrefix = `/${stage}`;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const fullPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    const facts: Record<string, unknown> = { requestId, method };

    const answer = (type: GatewayResponseType, reason: string, extra: Record<string, string> = {}) => {
      const response = GATEWAY_RESPONSES[type];
      const body = Buffer.from(response.body);
      res.writeHead(response.status, {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'x-amzn-RequestId': requestId,
        'x-amzn-ErrorType': response.errorType,
        ...cors.errorHeaders(origin),
        ...extra,
      });
      res.end(body);
      const fields = {
        ...facts,
        status: response.status,
        gatewayResponse: type,
        reason,
        latencyMs: Date.now() - receivedAt,
      };
      const message = `${method} ${String(facts.resource ?? fullPath)} ${response.status} (${type})`;
      if (response.status >= 500) logger.error(fields, message);
      else logger.info(fields, message);
    };

    if (fullPath !== stagePrefix && !fullPath.startsWith(`${stagePrefix}/`)) {
      if (options.outsideStage !== undefined) {
        options.outsideStage(req, res);
        return;
      }
      const body = Buffer.from('{"message":"Forbidden"}');
      res.writeHead(403, {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'x-amzn-RequestId': requestId,
        'x-amzn-ErrorType': 'ForbiddenException',
      });
      res.end(body);
      return;
    }
    const path = fullPath === stagePrefix ? '/' : fullPath.slice(stagePrefix.length);

    let body: Buffer | null;
    try {
      body = await readBody(req, payloadLimit);
    } catch (error) {
      if (!(error instanceof PayloadTooLarge)) throw error;
      answer('REQUEST_TOO_LARGE', `the body is over ${payloadLimit} bytes`, { Connection: 'close' });
      return;
    }

    if (method === 'OPTIONS' && cors.enabled) {
      const resource = preflightTree.match('OPTIONS', path);
      if (resource !== undefined) {
        res.writeHead(204, { 'x-amzn-RequestId': requestId, ...cors.preflightHeaders(origin) });
        res.end();
        logger.info(
          { ...facts, resource: resource.resource, status: 204, latencyMs: Date.now() - receivedAt },
          `OPTIONS ${resource.resource} 204`,
        );
        return;
      }
    }

    const match = tree.match(method, path);
    if (match === undefined) {
      answer('MISSING_AUTHENTICATION_TOKEN', 'no route defines this method and path');
      return;
    }
    const route = match.target;
    facts.resource = match.resource;
    const request: IncomingRequest = {
      method,
      path,
      query: queryMaps(rawQuery),
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: sourceIpOf(req.socket.remoteAddress),
      protocol: `HTTP/${req.httpVersion}`,
      receivedAt,
      port,
    };
    const api: ApiContext = {
      region,
      accountId,
      apiId,
      stage,
      stageVariables: options.stageVariables ?? null,
      requestId,
      extendedRequestId: extendedRequestId(),
      deploymentId,
      binaryMediaTypes: options.binaryMediaTypes ?? [],
    };
    const matched: MatchedResource = {
      resource: match.resource,
      resourceId: route.resourceId,
      pathParameters: match.pathParameters,
    };
    const traceId = traceIdOf(receivedAt);
    const headers = forwardedHeaders(request, traceId);

    let authorizerContext: Record<string, unknown> | undefined;
    if (route.authorizer !== undefined) {
      let outcome: AuthorizationOutcome;
      try {
        outcome = await route.authorizer.authorize({
          request,
          api,
          matched,
          headers,
          scopes: route.config.authorizationScopes ?? [],
        });
      } catch (error) {
        outcome = {
          allowed: false,
          answer: 'AUTHORIZER_CONFIGURATION_ERROR',
          reason: `the authorizer failed: ${(error as Error).message}`,
          cached: false,
        };
      }
      facts.authorizerCached = outcome.cached;
      if (!outcome.allowed) {
        answer(outcome.answer, outcome.reason);
        return;
      }
      authorizerContext = outcome.context;
    }

    const event = proxyEventOf(request, api, matched, headers, authorizerContext);
    options.onEvent?.({ kind: 'proxy', function: route.fn.config.name, event });
    const timeoutMs = route.config.integrationTimeoutMs ?? integrationTimeoutMs;
    const outcome = await withTimeout(route.fn.invoke(event), timeoutMs);
    if (outcome === undefined) {
      answer('INTEGRATION_TIMEOUT', `the integration ran past ${timeoutMs} ms`);
      return;
    }
    const response = integrationResponse(outcome);
    if (!('statusCode' in response)) {
      facts.function = route.fn.config.name;
      answer(response.type, response.reason);
      return;
    }
    const grouped = groupHeaders(response.headers);
    for (const { name, values } of grouped.values())
      res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    res.setHeader('Content-Length', String(response.body.length));
    res.setHeader('x-amzn-RequestId', requestId);
    res.setHeader('x-amz-apigw-id', api.extendedRequestId);
    res.setHeader('X-Amzn-Trace-Id', traceId);
    res.writeHead(response.statusCode);
    res.end(method === 'HEAD' ? undefined : response.body);
    logger.info(
      {
        ...facts,
        status: response.statusCode,
        coldStart: outcome.ok && outcome.coldStart,
        latencyMs: Date.now() - receivedAt,
      },
      `${method} ${match.resource} ${response.statusCode}`,
    );
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

  /** The answer an invocation outcome gives: the function's, or the gateway's with the reason. */
  function integrationResponse(
    outcome: InvocationOutcome,
  ): ProxyResponse | { type: GatewayResponseType; reason: string } {
    if (!outcome.ok) {
      const reason = `${outcome.failure}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      return { type: outcome.failure === 'Throttled' ? 'THROTTLED_FUNCTION' : 'INTEGRATION_FAILURE', reason };
    }
    try {
      return parseProxyResult(outcome.payload);
    } catch (error) {
      if (!(error instanceof MalformedProxyResultError)) throw error;
      return { type: 'INTEGRATION_FAILURE', reason: `Malformed Lambda proxy response: ${error.message}` };
    }
  }
}
