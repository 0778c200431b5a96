/**
 * The token in an `Authorization` header, read as API Gateway's authorizers read it: the token
 * raw (the tutorial's way) or as `Bearer <token>`. Every runtime reads it here: the Express
 * server's authorizer and the custom Lambda authorizers.
 */

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
