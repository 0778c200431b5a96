/**
 * How a method is authorized, as a REST API configures it: no authorizer, the Cognito user
 * pool authorizer (the tutorial's Part VI), or a Lambda authorizer of type TOKEN or REQUEST
 * (Part VIII), and what each decides for one request.
 */
import type { GatewayResponseType } from './gateway-responses.js';
import type { ApiContext, HeaderMaps, IncomingRequest, MatchedResource } from './proxy-event.js';

/** API Gateway's Cognito user pool authorizer. */
export interface CognitoAuthorizerDefinition {
  readonly type: 'COGNITO_USER_POOLS';
  /** The pool's issuer, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz` or a local Cognito's. */
  readonly issuer: string;
  /** Default `{issuer}/.well-known/jwks.json`. */
  readonly jwksUri?: string;
  /** The header holding the token: `Authorization` (or `method.request.header.Authorization`). */
  readonly identitySource?: string;
}

/** A Lambda authorizer that receives the identity header's value as `authorizationToken`. */
export interface TokenAuthorizerDefinition {
  readonly type: 'TOKEN';
  /** The name of the authorizer's function among the gateway's functions. */
  readonly function: string;
  /** The header holding the token: `Authorization` (or `method.request.header.Authorization`). */
  readonly identitySource?: string;
  /** A regular expression the token must match, else 401 without invoking the function. */
  readonly identityValidationExpression?: string;
  /** How long a result is cached for the token: 300 s by default, 0 for none, at most 3600. */
  readonly resultTtlSeconds?: number;
}

/** A Lambda authorizer that receives the whole request (no body). */
export interface RequestAuthorizerDefinition {
  readonly type: 'REQUEST';
  readonly function: string;
  /**
   * Mapping expressions: `method.request.header.Authorization`, `method.request.querystring.key`,
   * `stageVariables.name`. Every one must be present and non-empty, else 401 without invoking
   * the function; together they are the cache key. Required when results are cached.
   */
  readonly identitySources?: readonly string[];
  /** 300 s by default, 0 for none, at most 3600. */
  readonly resultTtlSeconds?: number;
}

export type AuthorizerDefinition =
  | CognitoAuthorizerDefinition
  | TokenAuthorizerDefinition
  | RequestAuthorizerDefinition;

/** What an authorizer is given for one request. */
export interface AuthorizationRequest {
  readonly request: IncomingRequest;
  readonly api: ApiContext;
  readonly matched: MatchedResource;
  /** The headers as the integration will see them. */
  readonly headers: HeaderMaps;
  /** The method's OAuth scopes (Cognito authorizer only). */
  readonly scopes: readonly string[];
}

export type AuthorizationOutcome =
  | {
      readonly allowed: true;
      /** `requestContext.authorizer` for the integration. */
      readonly context: Record<string, unknown>;
      /** Whether a cached result decided (no authorizer invocation). */
      readonly cached: boolean;
    }
  | {
      readonly allowed: false;
      readonly answer: GatewayResponseType;
      /** Why, for the gateway's log (never the token). */
      readonly reason: string;
      readonly cached: boolean;
    };

export interface Authorizer {
  authorize(input: AuthorizationRequest): Promise<AuthorizationOutcome>;
}

export function refuse(answer: GatewayResponseType, reason: string, cached = false): AuthorizationOutcome {
  return { allowed: false, answer, reason, cached };
}

/** `Authorization` from `Authorization` or `method.request.header.Authorization`. */
export function identityHeaderName(source: string | undefined): string {
  const name = source ?? 'Authorization';
  const prefix = 'method.request.header.';
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}
