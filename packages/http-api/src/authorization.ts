/**
 * The token in an `Authorization` header, read as API Gateway's authorizers read it: the token
 * raw (the tutorial's way) or as `Bearer <token>`. Every runtime reads it here: the Express
 * server's authorizer and the custom Lambda authorizers.
 */
import { type Principal, UnauthenticatedError } from '@secure-notes/domain';

const BEARER = /^bearer(\s+|$)/i;

/**
 * The token in an `Authorization` header value, or `undefined` when there is none.
 *
 * @example
 * tokenFromAuthorization('Bearer eyJ...') // 'eyJ...'
 * tokenFromAuthorization('eyJ...') // 'eyJ...'
 * tokenFromAuthorization('Bearer ') // undefined
 */
export function tokenFromAuthorization(header: string | null | undefined): string | undefined {
  if (header === undefined || header === null) return undefined;
  const token = header.trim().replace(BEARER, '').trim();
  return token === '' || /\s/.test(token) ? undefined : token;
}

/**
 * Refuses a caller whose token has expired, with the contract's expired answer. A runtime whose
 * authorizer may serve a decision cached past the token's `exp` (API Gateway keeps a Lambda
 * authorizer's policy for its TTL, whatever the token says) checks again here, so expiry holds
 * to the second on every entrypoint. A principal without `expiresAt` is left alone.
 *
 * @example
 * requireUnexpiredToken(principal, Date.now()) // throws UnauthenticatedError('expired') once `exp` has passed
 */
export function requireUnexpiredToken(principal: Principal, nowMs: number): void {
  if (principal.expiresAt !== undefined && principal.expiresAt * 1000 <= nowMs) {
    throw new UnauthenticatedError('expired', 'the token has expired');
  }
}
