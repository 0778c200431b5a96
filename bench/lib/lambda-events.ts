/**
 * What the bench hands a Lambda handler: API Gateway's proxy event for a route behind a Cognito
 * authorizer (the claims as API Gateway passes them), a TOKEN authorizer's event, and the
 * runtime's context, as an object in this process and as source for a cold-start child's script.
 */
import { randomUUID } from 'node:crypto';
import { CLIENT_ID } from './tokens.ts';

/** What a Lambda context holds besides its request id and deadline. */
function contextFields() {
  return {
    functionName: 'NotesAPI',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:NotesAPI',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/NotesAPI',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
  };
}

/** A Lambda context as the runtime gives it, in the source of the child's script. */
export const LAMBDA_CONTEXT_SOURCE = `{ ...${JSON.stringify(contextFields())}, awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => 10000 }`;

function claimsFor(sub: string): Record<string, string> {
  return {
    sub,
    token_use: 'id',
    aud: CLIENT_ID,
    email: `${sub}@example.com`,
    'cognito:username': sub,
    exp: 'Tue Jun 18 15:00:04 UTC 2099',
  };
}

export function proxyEvent(
  method: string,
  resource: string,
  path: string,
  sub: string,
  extra: Record<string, unknown> = {},
) {
  return {
    resource,
    path,
    httpMethod: method,
    headers: { Host: 'bench.execute-api.us-east-1.amazonaws.com', 'Content-Type': 'application/json' },
    multiValueHeaders: { Host: ['bench.execute-api.us-east-1.amazonaws.com'], 'Content-Type': ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      stage: 'dev',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: '30/Nov/2026:10:00:00 +0000',
      requestTimeEpoch: Date.now(),
      resourcePath: resource,
      httpMethod: method,
      path: `/dev${path}`,
      identity: { sourceIp: '203.0.113.7', userAgent: 'bench' },
      authorizer: { claims: claimsFor(sub) },
    },
    ...extra,
  };
}

export function lambdaContext() {
  const deadline = Date.now() + 10_000;
  return { ...contextFields(), awsRequestId: randomUUID(), getRemainingTimeInMillis: () => deadline - Date.now() };
}

/** A TOKEN authorizer's event, as API Gateway sends it for `token`. */
export function tokenEvent(token: string) {
  return {
    type: 'TOKEN',
    authorizationToken: token,
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:bench/dev/GET/notes',
  };
}
