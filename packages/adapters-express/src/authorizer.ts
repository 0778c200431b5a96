/**
 * What API Gateway's Cognito user pool authorizer does in front of the Lambda: the token comes
 * from the `Authorization` header, raw or as `Bearer <token>`; without a verified token the
 * request ends in a 401 and the route never runs. Like a method's OAuth scopes on API Gateway,
 * the route's kind of access is checked here too, with the domain's own rule (`requireAccess`),
 * before the body or `If-Match` is read: an under-scoped token gets the same 401 whatever it sends.
 */
import { type Access, type Principal, requireAccess, type TokenVerifier } from '@secure-notes/domain';
import { HttpProblem, tokenFromAuthorization } from '@secure-notes/http-api';
import type { Response } from 'express';

/**
 * The caller of a request with this `Authorization` header, verified, for the route's kind of
 * access; the contract's 401 otherwise.
 *
 * @example
 * res.locals.principal = await authenticate(verifier, req.headers.authorization, 'read');
 */
export async function authenticate(
  verifier: TokenVerifier,
  authorization: string | undefined,
  access: Access,
): Promise<Principal> {
  const token = tokenFromAuthorization(authorization);
  if (token === undefined) throw HttpProblem.unauthorized();
  const principal = await verifier.verify(token);
  requireAccess(principal, access);
  return principal;
}

/** The principal that `authenticate` established for this request, kept in `res.locals.principal`. */
export function principalOf(res: Response): Principal {
  const principal: Principal | undefined = res.locals.principal;
  if (principal === undefined) throw new Error('no principal: the route is missing the authorizer');
  return principal;
}
