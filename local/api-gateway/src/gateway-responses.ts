/**
 * API Gateway's own answers: the ones a REST API gives before (or instead of) its integration's
 * answer. Each is one entry with the status, the exact body AWS sends (note the capital `Message`
 * of the two policy answers, and the space in `{"message": "Internal server error"}`) and the
 * `x-amzn-ErrorType` header. Every answer of the gateway is written from this table, so a fact
 * that turns out wrong is changed in one place.
 *
 * Sources: API Gateway's gateway response types (UNAUTHORIZED, EXPIRED_TOKEN, ACCESS_DENIED,
 * MISSING_AUTHENTICATION_TOKEN, REQUEST_TOO_LARGE, AUTHORIZER_CONFIGURATION_ERROR,
 * INTEGRATION_TIMEOUT, DEFAULT_5XX) and answers seen from deployed APIs. Marked *uncertain*:
 * the `x-amzn-ErrorType` of REQUEST_TOO_LARGE and INTEGRATION_TIMEOUT, which AWS does not
 * document.
 */

export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'EXPIRED_TOKEN'
  | 'ACCESS_DENIED'
  | 'EXPLICIT_DENY'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'REQUEST_TOO_LARGE'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'THROTTLED_FUNCTION';

export interface GatewayResponse {
  readonly status: number;
  /** The body exactly as sent. */
  readonly body: string;
  readonly errorType: string;
}

export const GATEWAY_RESPONSES: Readonly<Record<GatewayResponseType, GatewayResponse>> = Object.freeze({
  /** No token, a token the Cognito authorizer rejects, or a Lambda authorizer that threw `Unauthorized`. */
  UNAUTHORIZED: { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' },
  /** The Cognito authorizer, for a token that is valid but expired. */
  EXPIRED_TOKEN: {
    status: 401,
    body: '{"message":"The incoming token has expired"}',
    errorType: 'UnauthorizedException',
  },
  /** A Lambda authorizer's policy allows nothing that matches the method. */
  ACCESS_DENIED: {
    status: 403,
    body: '{"Message":"User is not authorized to access this resource"}',
    errorType: 'AccessDeniedException',
  },
  /** A Lambda authorizer's policy denies the method explicitly. */
  EXPLICIT_DENY: {
    status: 403,
    body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    errorType: 'AccessDeniedException',
  },
  /** No resource and method of the API matches the request. */
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    body: '{"message":"Missing Authentication Token"}',
    errorType: 'MissingAuthenticationTokenException',
  },
  /** A body over the 10 MB payload limit. The error type is *uncertain*. */
  REQUEST_TOO_LARGE: { status: 413, body: '{"message":"Request Too Long"}', errorType: 'RequestTooLongException' },
  /** A Lambda authorizer that failed otherwise than with `Unauthorized`, timed out, or returned a malformed result. */
  AUTHORIZER_CONFIGURATION_ERROR: {
    status: 500,
    body: '{"message":null}',
    errorType: 'AuthorizerConfigurationException',
  },
  /** The function threw, timed out, crashed, failed its init, or returned a malformed proxy result. */
  INTEGRATION_FAILURE: {
    status: 502,
    body: '{"message": "Internal server error"}',
    errorType: 'InternalServerErrorException',
  },
  /** The integration ran past API Gateway's 29 s. The error type is *uncertain*. */
  INTEGRATION_TIMEOUT: {
    status: 504,
    body: '{"message": "Endpoint request timed out"}',
    errorType: 'InternalServerErrorException',
  },
  /** Lambda refused the invocation (every instance busy at the concurrency limit): API Gateway answers 500. */
  THROTTLED_FUNCTION: {
    status: 500,
    body: '{"message": "Internal server error"}',
    errorType: 'InternalServerErrorException',
  },
});
