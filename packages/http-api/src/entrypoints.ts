/**
 * Where the runtimes differ: the answers API Gateway gives before the handler runs. The handler
 * (Express or Lambda) always answers by the contract; behind API Gateway some requests never
 * reach it and the gateway's own answer stands. This table is the one statement of those
 * differences, by entrypoint; the scenario suite expects exactly these and nothing else.
 */
import { ERROR_ANSWERS, type JsonBody } from './error-answers.js';

export type Entrypoint =
  /** The Express server (the container), its own Cognito-style authorizer in front. */
  | 'express'
  /** API Gateway with the Cognito user pool authorizer (the tutorial's Part VI), then the Lambda. */
  | 'gateway-cognito'
  /** API Gateway with the custom Lambda authorizer, TOKEN or REQUEST (the tutorial's Part VIII), then the Lambda. */
  | 'gateway-lambda-authorizer';

export const ENTRYPOINTS: readonly Entrypoint[] = ['express', 'gateway-cognito', 'gateway-lambda-authorizer'];

export interface Answer {
  readonly status: number;
  readonly body: JsonBody;
}

/** API Gateway's own answers, with the bodies it sends (note the capital `Message` of the policy answers). */
export const GATEWAY_ANSWERS = Object.freeze({
  unauthorized: { status: 401, body: { message: 'Unauthorized' } },
  tokenExpired: { status: 401, body: { message: 'The incoming token has expired' } },
  accessDenied: { status: 403, body: { Message: 'User is not authorized to access this resource' } },
  explicitDeny: {
    status: 403,
    body: { Message: 'User is not authorized to access this resource with an explicit deny' },
  },
  missingAuthenticationToken: { status: 403, body: { message: 'Missing Authentication Token' } },
  requestTooLong: { status: 413, body: { message: 'Request Too Long' } },
  internalServerError: { status: 502, body: { message: 'Internal server error' } },
  integrationTimeout: { status: 504, body: { message: 'Endpoint request timed out' } },
} satisfies Record<string, Answer>);

/** The answers that differ by entrypoint. */
export interface EntrypointAnswers {
  /** Whether an access token with the route's `notes/*` scope is accepted (else `unauthorized`). */
  readonly acceptsAccessTokens: boolean;
  /** A missing, malformed or forged token. */
  readonly invalidToken: Answer;
  /** An expired token. */
  readonly expiredToken: Answer;
  /**
   * A token that expires after the authorizer let it through once: behind a Lambda authorizer
   * API Gateway serves the policy it cached for that token for its TTL, whatever the token's
   * `exp`, so the notes function refuses it itself (the authorizer passes `exp` on).
   */
  readonly expiredAfterCaching: Answer;
  /** An access token with `notes/read` only, on a write route. */
  readonly readScopeOnWriteRoute: Answer;
  /** An access token with `notes/write` only, on a read route. */
  readonly writeScopeOnReadRoute: Answer;
  /** An access token with neither notes scope. */
  readonly noNotesScope: Answer;
  /** A caller outside the `admin` group on `/admin/users/{userId}/notes`. */
  readonly nonAdminOnAdminRoute: Answer;
  /** A method or path the API does not define (with a valid token). */
  readonly undefinedRoute: Answer;
  /** A body over API Gateway's 10 MB payload limit. */
  readonly bodyOverGatewayLimit: Answer;
  /** An error escapes the handler, it times out, or it returns a malformed result. */
  readonly handlerFault: Answer;
  /**
   * A body whose bytes are not UTF-8 (without a binary media type): refused with the contract's
   * 400 where the handler reads the bytes (`refused`); behind API Gateway the function is handed
   * text, not bytes, with U+FFFD in place of the bad bytes (as the local gateway does too), so
   * it cannot tell, and takes the text as sent (`replaced`).
   */
  readonly nonUtf8Body: 'refused' | 'replaced';
}

const answer = (name: keyof typeof ERROR_ANSWERS): Answer => ({
  status: ERROR_ANSWERS[name].status,
  body: ERROR_ANSWERS[name].body,
});

export const ENTRYPOINT_ANSWERS: Readonly<Record<Entrypoint, EntrypointAnswers>> = Object.freeze({
  express: {
    acceptsAccessTokens: true,
    invalidToken: answer('unauthorized'),
    expiredToken: answer('tokenExpired'),
    expiredAfterCaching: answer('tokenExpired'),
    readScopeOnWriteRoute: answer('unauthorized'),
    writeScopeOnReadRoute: answer('unauthorized'),
    noNotesScope: answer('unauthorized'),
    nonAdminOnAdminRoute: answer('forbidden'),
    undefinedRoute: answer('routeNotFound'),
    bodyOverGatewayLimit: answer('payloadTooLarge'),
    handlerFault: answer('internalError'),
    nonUtf8Body: 'refused',
  },
  // Without OAuth scopes on its methods, the Cognito authorizer takes ID tokens only.
  'gateway-cognito': {
    acceptsAccessTokens: false,
    invalidToken: GATEWAY_ANSWERS.unauthorized,
    expiredToken: GATEWAY_ANSWERS.tokenExpired,
    expiredAfterCaching: GATEWAY_ANSWERS.tokenExpired,
    readScopeOnWriteRoute: GATEWAY_ANSWERS.unauthorized,
    writeScopeOnReadRoute: GATEWAY_ANSWERS.unauthorized,
    noNotesScope: GATEWAY_ANSWERS.unauthorized,
    nonAdminOnAdminRoute: answer('forbidden'),
    undefinedRoute: GATEWAY_ANSWERS.missingAuthenticationToken,
    bodyOverGatewayLimit: GATEWAY_ANSWERS.requestTooLong,
    handlerFault: GATEWAY_ANSWERS.internalServerError,
    nonUtf8Body: 'replaced',
  },
  // An authorizer can only throw `Unauthorized` or return a policy, which API Gateway caches
  // and applies to every method: its answers are the policy's.
  'gateway-lambda-authorizer': {
    acceptsAccessTokens: true,
    invalidToken: GATEWAY_ANSWERS.unauthorized,
    expiredToken: GATEWAY_ANSWERS.unauthorized,
    expiredAfterCaching: answer('tokenExpired'),
    readScopeOnWriteRoute: GATEWAY_ANSWERS.accessDenied,
    writeScopeOnReadRoute: GATEWAY_ANSWERS.accessDenied,
    noNotesScope: GATEWAY_ANSWERS.unauthorized,
    nonAdminOnAdminRoute: GATEWAY_ANSWERS.explicitDeny,
    undefinedRoute: GATEWAY_ANSWERS.missingAuthenticationToken,
    bodyOverGatewayLimit: GATEWAY_ANSWERS.requestTooLong,
    handlerFault: GATEWAY_ANSWERS.internalServerError,
    nonUtf8Body: 'replaced',
  },
});
