/**
 * The custom Lambda authorizers of the tutorial's Part VIII, TOKEN and REQUEST types, made real:
 * instead of the tutorial's demo (which trusts any token and makes anyone whose token contains
 * "admin" an admin), they verify the Cognito JWT with `CognitoTokenVerifier` (its JWKS loaded
 * once, at init; fetched again only, rate-limited, for an unknown `kid` after a key rotation)
 * and return a policy that stays right under API Gateway's cache (see `authorizer-policy.ts`).
 *
 * - The token is the `Authorization` header, raw or `Bearer <token>`.
 * - A missing, malformed, forged or expired token, or an access token with no notes scope, is
 *   `Error('Unauthorized')`: the one error API Gateway turns into a 401. It is not cached.
 * - `principalId` is the token's `sub`; the context carries `userId`, `email`, `groups`
 *   (comma-joined), `scopes` (space-joined) and `tokenUse`, all strings, and `exp` (epoch
 *   seconds), which the notes handler reads back. API Gateway serves a cached policy for its TTL
 *   whatever the token's `exp`: the notes function refuses the caller once `exp` has passed.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { isDomainError, type Principal, SCOPE_FOR, type TokenVerifier } from '@secure-notes/domain';
import { tokenFromAuthorization } from '@secure-notes/http-api';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { type AuthorizerPolicy, policyFor, stageArnOf } from './authorizer-policy.js';

export interface AuthorizerResult extends Omit<APIGatewayAuthorizerResult, 'policyDocument' | 'context'> {
  readonly principalId: string;
  readonly policyDocument: AuthorizerPolicy;
  readonly context: {
    readonly userId: string;
    readonly email: string;
    readonly groups: string;
    readonly scopes: string;
    readonly tokenUse: string;
    /** The token's `exp`, epoch seconds: the notes function refuses the caller from then on. */
    readonly exp?: number;
  };
}

export interface LambdaAuthorizerOptions {
  /** Verifies the token; hydrate it at init (`await verifier.hydrate()`). */
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
}

/** What API Gateway turns into `401 {"message":"Unauthorized"}`. Nothing else may be thrown for a bad token. */
function unauthorized(): Error {
  return new Error('Unauthorized');
}

const NOTES_SCOPES = new Set(Object.values(SCOPE_FOR));

async function authorize(
  options: LambdaAuthorizerOptions,
  header: string | undefined,
  methodArn: unknown,
  type: 'TOKEN' | 'REQUEST',
): Promise<AuthorizerResult> {
  const { verifier, logger } = options;
  const stageArn = typeof methodArn === 'string' ? stageArnOf(methodArn) : undefined;
  // A methodArn API Gateway would never send is a misconfiguration, not a caller's fault: a 500.
  if (stageArn === undefined) throw new Error(`the ${type} authorizer event has no method ARN it can read`);
  const token = tokenFromAuthorization(header);
  if (token === undefined) {
    logger.info('refused: no token', { type, reason: 'missing' });
    throw unauthorized();
  }
  let principal: Principal;
  try {
    principal = await verifier.verify(token);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    logger.info('refused: token not verified', {
      type,
      reason: error.code === 'UNAUTHENTICATED' ? error.reason : error.code,
    });
    throw unauthorized();
  }
  if (principal.tokenUse === 'access' && !principal.scopes.some((scope) => NOTES_SCOPES.has(scope))) {
    logger.info('refused: access token without a notes scope', { type, sub: principal.userId });
    throw unauthorized();
  }
  const policyDocument = policyFor(principal, stageArn);
  logger.info('allowed', { type, sub: principal.userId, tokenUse: principal.tokenUse });
  return {
    principalId: principal.userId,
    policyDocument,
    context: {
      userId: principal.userId,
      email: principal.email ?? '',
      groups: principal.groups.join(','),
      scopes: principal.scopes.join(' '),
      tokenUse: principal.tokenUse,
      ...(principal.expiresAt === undefined ? {} : { exp: principal.expiresAt }),
    },
  };
}

/**
 * The TOKEN authorizer: API Gateway sends the `Authorization` header as `authorizationToken`.
 *
 * @example
 * export const handler = createTokenAuthorizer({ verifier, logger });
 */
export function createTokenAuthorizer(
  options: LambdaAuthorizerOptions,
): (event: APIGatewayTokenAuthorizerEvent) => Promise<AuthorizerResult> {
  return (event) => authorize(options, event?.authorizationToken, event?.methodArn, 'TOKEN');
}

/** The `Authorization` header of a REQUEST event, whatever case the client sent it in. */
function authorizationHeader(event: APIGatewayRequestAuthorizerEvent | undefined): string | undefined {
  const headers = event?.headers;
  if (headers === null || headers === undefined || typeof headers !== 'object') return undefined;
  for (const name in headers) if (name.toLowerCase() === 'authorization') return headers[name] ?? undefined;
  return undefined;
}

/**
 * The REQUEST authorizer: API Gateway sends the whole request (no body); the identity source is
 * the `Authorization` header, so a request without it is a 401 before this is ever invoked.
 *
 * @example
 * export const handler = createRequestAuthorizer({ verifier, logger });
 */
export function createRequestAuthorizer(
  options: LambdaAuthorizerOptions,
): (event: APIGatewayRequestAuthorizerEvent) => Promise<AuthorizerResult> {
  return (event) => authorize(options, authorizationHeader(event), event?.methodArn, 'REQUEST');
}
