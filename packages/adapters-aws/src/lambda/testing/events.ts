/**
 * API Gateway events as AWS sends them, for tests: built from the shapes of events captured
 * from real deployments (a REST API proxy event, TOKEN and REQUEST authorizer events), and
 * checked against `@aws-lambda-powertools/parser`'s schemas as they are made, so a hand-shrunk
 * event cannot pass.
 */
import { randomUUID } from 'node:crypto';
import {
  APIGatewayProxyEventSchema,
  APIGatewayRequestAuthorizerEventSchema,
  APIGatewayTokenAuthorizerEventSchema,
} from '@aws-lambda-powertools/parser/schemas';
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';

export const TEST_STAGE_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev';

export function methodArn(method: string, path: string, stageArn = TEST_STAGE_ARN): string {
  return `${stageArn}/${method}${path}`;
}

/** A TOKEN authorizer event, validated. */
export function tokenAuthorizerEvent(authorizationToken: string, arn: string): APIGatewayTokenAuthorizerEvent {
  const event = { type: 'TOKEN' as const, authorizationToken, methodArn: arn };
  APIGatewayTokenAuthorizerEventSchema.parse(event);
  return event;
}

function requestContext(method: string, resource: string, path: string, authorizer?: unknown) {
  return {
    accountId: '123456789012',
    apiId: 'abc123defg',
    ...(authorizer === undefined ? {} : { authorizer }),
    domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'abc123defg',
    extendedRequestId: 'ZhFsxGQDDoEEMig=',
    httpMethod: method,
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '203.0.113.7',
      user: null,
      userAgent: 'curl/8.5.0',
      userArn: null,
    },
    path: `/dev${path}`,
    protocol: 'HTTP/1.1',
    requestId: randomUUID(),
    requestTime: '17/Jun/2024:15:02:03 +0000',
    requestTimeEpoch: Date.now(),
    resourceId: 'w567jh',
    resourcePath: resource,
    stage: 'dev',
    deploymentId: 'v99qix',
  };
}

/** A REQUEST authorizer event, validated. */
export function requestAuthorizerEvent(
  headers: Record<string, string>,
  arn: string,
  method = 'GET',
  resource = '/notes',
  path = '/notes',
): APIGatewayRequestAuthorizerEvent {
  const event = {
    type: 'REQUEST' as const,
    methodArn: arn,
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: {},
    multiValueQueryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: requestContext(method, resource, path),
  };
  APIGatewayRequestAuthorizerEventSchema.parse(event);
  return event as unknown as APIGatewayRequestAuthorizerEvent;
}

export interface ProxyEventInput {
  readonly method: string;
  readonly resource: string;
  readonly path: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string[]>;
  readonly headers?: Record<string, string>;
  /** Headers the client sent more than once: all values in `multiValueHeaders`, the last in `headers`, as API Gateway does. */
  readonly repeatedHeaders?: Record<string, string[]>;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  /** `requestContext.authorizer`: `{ claims }` (Cognito authorizer) or `{ principalId, ... }` (Lambda authorizer). */
  readonly authorizer?: Record<string, unknown>;
}

/** A REST API Lambda proxy event, validated. */
export function proxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const repeated = input.repeatedHeaders ?? {};
  const headers: Record<string, string> = {
    Host: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'curl/8.5.0',
    ...input.headers,
    ...Object.fromEntries(Object.entries(repeated).map(([name, values]) => [name, values.at(-1) ?? ''])),
  };
  const query = input.query;
  const event = {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, repeated[name] ?? [value]]),
    ),
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[v.length - 1] ?? '']))
      : null,
    multiValueQueryStringParameters: query ?? null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    requestContext: requestContext(input.method, input.resource, input.path, input.authorizer),
    body: input.body ?? null,
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
  APIGatewayProxyEventSchema.parse(event);
  return event as unknown as APIGatewayProxyEvent;
}

/** A Lambda context as the runtime gives one. */
export function lambdaContext(timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'NotesAPI',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:NotesAPI',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/NotesAPI',
    logStreamName: '2026/11/30/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The claims a Cognito user pool authorizer passes on: every value a string. */
export function cognitoAuthorizerClaims(claims: Record<string, unknown>): Record<string, string> {
  const javaDate = (seconds: number) => {
    const date = new Date(seconds * 1000);
    const [weekday, month, day, year, time] = [
      date.toUTCString().slice(0, 3),
      date.toUTCString().slice(8, 11),
      String(date.getUTCDate()).padStart(2, '0'),
      date.getUTCFullYear(),
      date.toISOString().slice(11, 19),
    ];
    return `${weekday} ${month} ${day} ${time} UTC ${year}`;
  };
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if ((name === 'exp' || name === 'iat') && typeof value === 'number') return [name, javaDate(value)];
      if (Array.isArray(value)) return [name, value.join(',')];
      return [name, String(value)];
    }),
  );
}
