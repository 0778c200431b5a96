/**
 * What API Gateway's Cognito user pool authorizer does in front of the Lambda: the token comes
 * from the `Authorization` header, raw or as `Bearer <token>`; without a verified token the
 * request ends in a 401 and the route never runs. Whether an access token carries the scope a
 * route needs is the domain's rule (`requireAccess`), which answers with the same 401.
 */
import type { Principal, TokenVerifier } from '@secure-notes/domain';
import type { RequestHandler, Response } from 'express';
import { HttpProblem } from './error-mapping.js';

const BEARER = /^bearer(\s+|$)/i;

/** The token in an `Authorization` header value, or `undefined` when there is none. */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const token = header.trim().replace(BEARER, '').trim();
  return token === '' || /\s/.test(token) ? undefined : token;
}

/** Verifies the caller's token and keeps the principal in `res.locals.principal`. */
export function authorizer(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = tokenFromAuthorization(req.headers.authorization);
    if (token === undefined) throw HttpProblem.unauthorized();
    res.locals.principal = await verifier.verify(token);
    next();
  };
}

/** The principal that `authorizer` established for this request. */
export function principalOf(res: Response): Principal {
  const principal: Principal | undefined = res.locals.principal;
  if (principal === undefined) throw new Error('no principal: the route is missing the authorizer');
  return principal;
}
