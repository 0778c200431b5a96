/**
 * An HTTP request turned into the events API Gateway (REST API) sends: the Lambda proxy
 * integration event, and the TOKEN and REQUEST authorizer events, in the shapes of events
 * captured from real deployments (Powertools' `apigw-rest` test events):
 *
 * - `path` is the path after the stage, still percent-encoded as sent; `requestContext.path`
 *   has the stage in front (`/dev/notes`); `resource` and `requestContext.resourcePath` are the
 *   matched template (`/notes/{noteId}`); `pathParameters` values are decoded.
 * - `headers` hold the last value of a repeated header and `multiValueHeaders` all of them,
 *   names as the client sent them; query strings likewise, decoded. An absent query string or
 *   path parameters are `null` in the proxy event and `{}` in the REQUEST authorizer event.
 * - the body is text (`isBase64Encoded: false`) unless its `Content-Type` is one of the API's
 *   binary media types; no body is `null`.
 * - API Gateway adds `X-Forwarded-For`, `X-Forwarded-Port`, `X-Forwarded-Proto` and
 *   `X-Amzn-Trace-Id` to the headers it passes on.
 */
import { randomBytes } from 'node:crypto';
import type {
  APIGatewayEventRequestContextWithAuthorizer,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';

/** What the gateway knows of a request once it has read it. */
export interface IncomingRequest {
  readonly method: string;
  /** The path after the stage, as sent (percent-encoded): `/notes/42`. */
  readonly path: string;
  /** The query string, decoded once (`queryMaps`): `null` maps for none. */
  readonly query: QueryMaps;
  /** Node's `rawHeaders`: name, value, name, value, … with names as the client sent them. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer | null;
  readonly sourceIp: string;
  /** `HTTP/1.1`. */
  readonly protocol: string;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
  /** The local server's port, for `X-Forwarded-Port`. */
  readonly port: number;
}

/** Facts about the API and this request that every event repeats. */
export interface ApiContext {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly deploymentId: string;
  readonly binaryMediaTypes: readonly string[];
}

export interface MatchedResource {
  readonly resource: string;
  readonly resourceId: string;
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

export interface HeaderMaps {
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
}

/** Headers by name as first sent (matched case-insensitively), last value and every value. */
export function headerMaps(rawHeaders: readonly string[], added: readonly [string, string][] = []): HeaderMaps {
  const names = new Map<string, string>();
  const multiValueHeaders: Record<string, string[]> = {};
  const put = (name: string, value: string) => {
    const key = name.toLowerCase();
    let shown = names.get(key);
    if (shown === undefined) {
      shown = name;
      names.set(key, name);
      multiValueHeaders[shown] = [];
    }
    multiValueHeaders[shown]?.push(value);
  };
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) put(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  for (const [name, value] of added) {
    const existing = names.get(name.toLowerCase());
    if (existing !== undefined) delete multiValueHeaders[existing];
    names.delete(name.toLowerCase());
    put(name, value);
  }
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(multiValueHeaders)) headers[name] = values[values.length - 1] ?? '';
  return { headers, multiValueHeaders };
}

/** The value of a header, whatever its case, or `undefined`. */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === wanted) found = rawHeaders[i + 1];
  }
  return found;
}

export interface QueryMaps {
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
}

/** The query string decoded, last value and every value; `null` for none. */
export function queryMaps(rawQuery: string): QueryMaps {
  if (rawQuery === '') return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (!Object.hasOwn(multi, name)) multi[name] = [];
    multi[name]?.push(value);
  }
  if (Object.keys(multi).length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(multi)) single[name] = values[values.length - 1] ?? '';
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/**
 * The method ARN an authorizer is given and its policy is evaluated against.
 *
 * @example
 * methodArnOf(api, 'GET', '/notes/42') // 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/notes/42'
 */
export function methodArnOf(
  api: Pick<ApiContext, 'region' | 'accountId' | 'apiId' | 'stage'>,
  method: string,
  path: string,
) {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${method}${path}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `17/Jun/2024:15:02:03 +0000`, API Gateway's `requestTime`. */
export function requestTimeOf(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** An X-Ray trace header as API Gateway starts one: `Root=1-{epoch seconds, hex}-{96 random bits}`. */
export function traceIdOf(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** A loopback client seen through an IPv4-mapped IPv6 socket is reported as plain IPv4. */
export function sourceIpOf(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '127.0.0.1';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice('::ffff:'.length) : remoteAddress;
}

function mediaTypeMatches(pattern: string, contentType: string): boolean {
  const [type = '', subtype = ''] = contentType.split(';', 1)[0]?.trim().toLowerCase().split('/') ?? [];
  const [wantType = '', wantSubtype = ''] = pattern.trim().toLowerCase().split('/');
  return (wantType === '*' || wantType === type) && (wantSubtype === '*' || wantSubtype === subtype);
}

/** The body as the proxy event carries it. */
export function eventBody(
  request: IncomingRequest,
  binaryMediaTypes: readonly string[],
): { body: string | null; isBase64Encoded: boolean } {
  if (request.body === null || request.body.length === 0) return { body: null, isBase64Encoded: false };
  const contentType = headerValue(request.rawHeaders, 'content-type') ?? '';
  if (contentType !== '' && binaryMediaTypes.some((pattern) => mediaTypeMatches(pattern, contentType))) {
    return { body: request.body.toString('base64'), isBase64Encoded: true };
  }
  return { body: request.body.toString('utf8'), isBase64Encoded: false };
}

type RequestContext = APIGatewayEventRequestContextWithAuthorizer<Record<string, unknown> | undefined>;

function requestContextOf(
  request: IncomingRequest,
  api: ApiContext,
  matched: MatchedResource,
  authorizer: Record<string, unknown> | undefined,
): RequestContext {
  const userAgent = headerValue(request.rawHeaders, 'user-agent') ?? null;
  const host = headerValue(request.rawHeaders, 'host');
  // The fields of captured events: without an API key or a client certificate, AWS sends no
  // apiKey, apiKeyId or clientCert, whatever @types/aws-lambda declares.
  const context = {
    resourceId: matched.resourceId,
    ...(authorizer === undefined ? {} : { authorizer }),
    resourcePath: matched.resource,
    httpMethod: request.method,
    extendedRequestId: api.extendedRequestId,
    requestTime: requestTimeOf(request.receivedAt),
    path: `/${api.stage}${request.path}`,
    accountId: api.accountId,
    protocol: request.protocol,
    stage: api.stage,
    domainPrefix: host?.split('.')[0]?.split(':')[0] ?? api.apiId,
    requestTimeEpoch: request.receivedAt,
    requestId: api.requestId,
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: request.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent,
      user: null,
    },
    domainName: host ?? `${api.apiId}.execute-api.${api.region}.amazonaws.com`,
    deploymentId: api.deploymentId,
    apiId: api.apiId,
  };
  return context as unknown as RequestContext;
}

/** The headers the function sees: the client's, and the ones API Gateway adds. */
export function forwardedHeaders(request: IncomingRequest, traceId: string): HeaderMaps {
  const forwardedFor = headerValue(request.rawHeaders, 'x-forwarded-for');
  return headerMaps(request.rawHeaders, [
    ['X-Amzn-Trace-Id', traceId],
    ['X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp],
    ['X-Forwarded-Port', String(request.port)],
    ['X-Forwarded-Proto', 'http'],
  ]);
}

/**
 * The Lambda proxy integration event.
 *
 * @param authorizer `requestContext.authorizer`: `{ claims }` from the Cognito authorizer, or
 *   `{ principalId, integrationLatency, …context }` from a Lambda authorizer.
 */
export function proxyEventOf(
  request: IncomingRequest,
  api: ApiContext,
  matched: MatchedResource,
  headerMapsSent: HeaderMaps,
  authorizer: Record<string, unknown> | undefined,
): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = headerMapsSent;
  const { query } = request;
  return {
    resource: matched.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.queryStringParameters,
    multiValueQueryStringParameters: query.multiValueQueryStringParameters,
    pathParameters: matched.pathParameters === null ? null : { ...matched.pathParameters },
    stageVariables: api.stageVariables === null ? null : { ...api.stageVariables },
    requestContext: requestContextOf(request, api, matched, authorizer) as APIGatewayProxyEvent['requestContext'],
    ...eventBody(request, api.binaryMediaTypes),
  };
}

/** The REQUEST authorizer event: the request without its body, and the method ARN. */
export function requestAuthorizerEventOf(
  request: IncomingRequest,
  api: ApiContext,
  matched: MatchedResource,
  headerMapsSent: HeaderMaps,
): APIGatewayRequestAuthorizerEvent {
  const { headers, multiValueHeaders } = headerMapsSent;
  const { query } = request;
  return {
    type: 'REQUEST',
    methodArn: methodArnOf(api, request.method, request.path),
    resource: matched.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.queryStringParameters ?? {},
    multiValueQueryStringParameters: query.multiValueQueryStringParameters ?? {},
    pathParameters: matched.pathParameters === null ? {} : { ...matched.pathParameters },
    stageVariables: api.stageVariables === null ? {} : { ...api.stageVariables },
    requestContext: requestContextOf(request, api, matched, undefined) as never,
  };
}

/** The TOKEN authorizer event: the identity header's value exactly as sent. */
export function tokenAuthorizerEventOf(
  request: IncomingRequest,
  api: ApiContext,
  token: string,
): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: token, methodArn: methodArnOf(api, request.method, request.path) };
}
