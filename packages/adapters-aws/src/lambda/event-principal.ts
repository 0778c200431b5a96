/**
 * Who is calling, as API Gateway tells the Lambda after its authorizer let the request through.
 * Two shapes, one per authorizer:
 * - the Cognito user pool authorizer (the tutorial's Part VI) puts the token's claims at
 *   `requestContext.authorizer.claims`, every value a string: `exp` as a Java-style date
 *   (`Tue Jun 18 15:00:04 UTC 2024`), `cognito:groups` comma-joined, `scope` space-joined;
 * - the custom Lambda authorizer (Part VIII) puts its `principalId` and its context keys there
 *   (strings, numbers or booleans), as this project's authorizers set them: `userId`, `email`,
 *   `groups` (comma-joined), `scopes` (space-joined), `tokenUse` and `exp` (epoch seconds).
 * The handler trusts this: only API Gateway can put it in the event. An event without a usable
 * caller (a method deployed without an authorizer) is refused with a 401, never served.
 *
 * The Cognito user pool authorizer checks a token's signature, issuer and expiry, but not which
 * app client it was issued to: an ID token of any app client of the pool gets through. So the
 * claims' app client (an ID token's `aud`, an access token's `client_id`) must be one of the
 * API's own, as the custom authorizer and the Express server require.
 */
import type { Principal, TokenUse } from '@secure-notes/domain';
import { HttpProblem } from '@secure-notes/http-api';

type AuthorizerContext = Readonly<Record<string, unknown>> | null | undefined;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `admin,editors` (the REST Cognito authorizer's form), `[admin editors]`, or a JSON array. */
function listOf(value: unknown, separator: RegExp): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  const raw = text(value)?.trim();
  if (!raw) return [];
  if (raw.startsWith('[') && raw.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.filter((item): item is string => typeof item === 'string');
    } catch {
      // `[admin editors]`, as API Gateway prints some arrays: fall through to the separator.
    }
    return raw
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return raw.split(separator).filter(Boolean);
}

function tokenUseOf(value: unknown): TokenUse | undefined {
  const use = text(value);
  return use === 'id' || use === 'access' ? use : undefined;
}

/** A claim's time as epoch seconds: a number, digits, or the Java-style date API Gateway prints. */
function epochSeconds(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const millis = Date.parse(raw);
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000);
}

export interface PrincipalOptions {
  /** The app clients whose tokens the API accepts; a Cognito authorizer's claims of any other are refused. */
  readonly appClientIds: ReadonlySet<string>;
}

function fromClaims(claims: Readonly<Record<string, unknown>>, options: PrincipalOptions): Principal | undefined {
  const userId = text(claims.sub);
  const tokenUse = tokenUseOf(claims.token_use);
  if (!userId || tokenUse === undefined) return undefined;
  const appClient = text(tokenUse === 'id' ? claims.aud : claims.client_id);
  if (appClient === undefined || !options.appClientIds.has(appClient)) return undefined;
  const email = text(claims.email);
  const username = text(claims['cognito:username'] ?? claims.username);
  const expiresAt = epochSeconds(claims.exp);
  return {
    userId,
    tokenUse,
    groups: listOf(claims['cognito:groups'], /,/),
    scopes: tokenUse === 'access' ? listOf(claims.scope, /\s+/) : [],
    ...(email === undefined ? {} : { email }),
    ...(username === undefined ? {} : { username }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

function fromLambdaAuthorizer(context: Readonly<Record<string, unknown>>): Principal | undefined {
  const userId = text(context.userId) ?? text(context.principalId);
  const tokenUse = tokenUseOf(context.tokenUse);
  if (!userId || tokenUse === undefined) return undefined;
  const email = text(context.email);
  const expiresAt = epochSeconds(context.exp);
  return {
    userId,
    tokenUse,
    groups: listOf(context.groups, /,/),
    scopes: listOf(context.scopes, /\s+/),
    ...(email === undefined || email === '' ? {} : { email }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/**
 * The caller of a proxy event, from either authorizer's shape.
 *
 * @example
 * principalFromAuthorizer(event.requestContext.authorizer, { appClientIds: new Set(['4pt0…']) })
 * // { userId: 'd2f5…', tokenUse: 'id', groups: [], … }
 */
export function principalFromAuthorizer(authorizer: AuthorizerContext, options: PrincipalOptions): Principal {
  if (authorizer !== null && typeof authorizer === 'object') {
    const claims = authorizer.claims;
    const principal =
      claims !== null && typeof claims === 'object'
        ? fromClaims(claims as Readonly<Record<string, unknown>>, options)
        : fromLambdaAuthorizer(authorizer);
    if (principal !== undefined) return principal;
  }
  throw HttpProblem.unauthorized();
}
