/**
 * The one check of the authorization request that every managed login page shares. Every
 * page carries the request of `/oauth2/authorize` in its query string, as Cognito's do, and
 * re-checks it before anything else: until `client_id` and `redirect_uri` are known good an
 * error is shown on the page; after that the error goes back to the client as
 * `302 {redirect_uri}?error=…&state=…`. Routes behind the middleware read the checked
 * request with `authorizationOf(res)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { type AuthorizationRequest, checkAuthorizationRequest, withQuery } from '../oauth/authorization-request.js';
import { errorPage } from './pages.js';

/** The query string exactly as received. */
export function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}

/**
 * Middleware: the checked authorization request in `res.locals`, or the answer Cognito gives
 * for a bad one (an error page, or the error redirected to the client).
 *
 * @example
 * router.use('/login', authorizationRequest(ctx));
 * router.get('/login', (req, res) => signInPage(authorizationOf(res).query));
 */
export function authorizationRequest(ctx: Pick<LocalCognitoContext, 'pool' | 'logger'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const check = checkAuthorizationRequest(ctx.pool, rawQuery(req));
    if (check.kind === 'valid') {
      res.locals.authorization = check.request;
      return next();
    }
    if (check.kind === 'page-error') {
      ctx.logger.info(
        { event: 'authorize', error: check.error, reason: check.message },
        'authorization request refused',
      );
      res
        .status(400)
        .type('html')
        .send(errorPage({ title: 'Something went wrong', message: check.message, error: check.error }));
      return;
    }
    ctx.logger.info(
      { event: 'authorize', error: check.error, reason: check.description },
      'authorization error sent back',
    );
    res.redirect(302, withQuery(check.redirectUri, { error: check.error, state: check.state }));
  };
}

/** The request `authorizationRequest` checked for this response. */
export function authorizationOf(res: Response): AuthorizationRequest {
  const request = res.locals.authorization as AuthorizationRequest | undefined;
  if (!request) throw new Error('This route must run behind the authorizationRequest middleware.');
  return request;
}
