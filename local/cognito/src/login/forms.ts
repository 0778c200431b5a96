/**
 * What the managed login routes share: security headers for every page, form fields, the
 * CSRF and Origin check of every POST, and the redirect back to the client with a code.
 *
 * CSRF protection is two-fold: every form holds the session's random CSRF token (checked in
 * constant time), and a POST whose `Origin` header names another site is refused. The session
 * cookie is also SameSite=Lax, so a cross-site POST does not carry it in the first place.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { withQuery } from '../oauth/authorization-request.js';
import { authorizationOf } from './authorization.js';
import { errorPage } from './pages.js';
import type { Session } from './sessions.js';

/** Headers for every page: no framing, no caching, no referrer to other sites (the query holds `state`). */
export function pageHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // same-origin, not no-referrer: with no-referrer, Chromium sends `Origin: null` on form posts.
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  next();
}

export function sendPage(res: Response, status: number, page: string): void {
  res.status(status).type('html').send(page);
}

/** A string field of the posted form. */
export function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The form's session, set by `postedForm`. */
export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (!session) throw new Error('This route must run behind the postedForm middleware.');
  return session;
}

/** The pieces of a managed login flow, bound to one local Cognito. */
export interface LoginFlow {
  /** Parses the form and checks its session, CSRF token and Origin (403 otherwise). */
  readonly postedForm: RequestHandler[];
  /** Sends the browser back to the client with a new authorization code. */
  redirectWithCode(res: Response, session: Session): void;
  /** Whether the session's user still exists, is enabled and confirmed. */
  liveSignIn(session: Session | undefined): boolean;
}

/**
 * The shared pieces of the managed login routes.
 *
 * @example
 * const flow = loginFlow(ctx);
 * router.post('/login', ...flow.postedForm, handler);
 */
export function loginFlow(ctx: LocalCognitoContext): LoginFlow {
  const { sessions, codes, logger, pool } = ctx;
  const publicOrigin = new URL(ctx.publicUrl).origin;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  const checkForm: RequestHandler = (req, res, next) => {
    const request = authorizationOf(res);
    const origin = req.get('origin');
    const hostOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    const session = sessions.current(req);
    const originOk = origin === undefined || origin === publicOrigin || origin === hostOrigin;
    if (session && originOk && sessions.csrfMatches(session, field(req, '_csrf'))) {
      res.locals.session = session;
      return next();
    }
    logger.warn({ event: 'csrf', path: req.path, originOk }, 'form refused: bad CSRF token, session or origin');
    sendPage(
      res,
      403,
      errorPage({
        title: 'This form has expired',
        message: `The form was not sent from this sign-in page, or it is more than an hour old. Go back to ${publicOrigin}/login?${request.query} and try again.`,
      }),
    );
  };

  return {
    postedForm: [form, checkForm],
    redirectWithCode(res, session) {
      const request = authorizationOf(res);
      const signedIn = session.signedIn;
      if (!signedIn) throw new Error('redirectWithCode needs a signed-in session');
      if (request.responseType !== 'code') {
        res.redirect(302, withQuery(request.redirectUri, { error: 'unauthorized_client', state: request.state }));
        return;
      }
      const code = codes.issue({
        clientId: request.client.clientId,
        redirectUri: request.redirectUri,
        username: signedIn.username,
        scopes: request.scopes,
        authTime: signedIn.authTime,
        ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
        ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
      });
      logger.info(
        { event: 'authorize', username: signedIn.username, clientId: request.client.clientId },
        'code issued',
      );
      res.redirect(302, withQuery(request.redirectUri, { code, state: request.state }));
    },
    liveSignIn(session) {
      const user = pool.users.find(session?.signedIn?.username);
      return Boolean(user?.enabled && user.status === 'CONFIRMED');
    },
  };
}
