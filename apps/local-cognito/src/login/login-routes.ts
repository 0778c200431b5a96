/**
 * Managed login: `/oauth2/authorize`, `/login`, the NEW_PASSWORD_REQUIRED form
 * (`/new-password`), `/signup` and `/confirm`, and `/logout`. Every page carries the
 * authorization request in its query string, as Cognito's do, and re-checks it.
 *
 * CSRF protection is two-fold: every form holds the session's random CSRF token (checked in
 * constant time), and a POST whose `Origin` header names another site is refused. The session
 * cookie is also SameSite=Lax, so a cross-site POST does not carry it in the first place.
 */
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { CognitoError } from '../errors.js';
import { type AuthorizationRequest, checkAuthorizationRequest, withQuery } from '../oauth/authorization-request.js';
import { checkPassword } from '../passwords.js';
import { MAX_CONFIRMATION_ATTEMPTS, maskEmail, PASSWORD_ATTEMPTS_EXCEEDED } from '../user-pool.js';
import { confirmPage, errorPage, newPasswordPage, signInPage, signUpPage } from './pages.js';
import { CHALLENGE_LIFETIME_MS, type Session } from './sessions.js';

/** Headers for every page: no framing, no caching, no referrer to other sites (the query holds `state`). */
function pageHeaders(_req: Request, res: Response, next: NextFunction): void {
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

function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}

function sendPage(res: Response, status: number, page: string): void {
  res.status(status).type('html').send(page);
}

function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The managed login routes. */
export function loginRoutes(ctx: LocalCognitoContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const { pool, sessions, codes, logger } = ctx;
  const publicOrigin = new URL(ctx.publicUrl).origin;

  router.use(['/oauth2/authorize', '/login', '/new-password', '/signup', '/confirm', '/logout'], pageHeaders);

  /**
   * The checked authorization request, or undefined once the response has been sent (an
   * error page, or the error redirected to the client).
   */
  function authorization(req: Request, res: Response): AuthorizationRequest | undefined {
    const check = checkAuthorizationRequest(pool, rawQuery(req));
    if (check.kind === 'valid') return check.request;
    if (check.kind === 'page-error') {
      logger.info({ event: 'authorize', error: check.error, reason: check.message }, 'authorization request refused');
      sendPage(res, 400, errorPage({ title: 'Something went wrong', message: check.message, error: check.error }));
      return undefined;
    }
    logger.info({ event: 'authorize', error: check.error, reason: check.description }, 'authorization error sent back');
    res.redirect(302, withQuery(check.redirectUri, { error: check.error, state: check.state }));
    return undefined;
  }

  /** The session of a form POST, if its CSRF token and Origin are right; else answers 403. */
  function postedSession(req: Request, res: Response, request: AuthorizationRequest): Session | undefined {
    const origin = req.get('origin');
    const hostOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    const session = sessions.current(req);
    const originOk = origin === undefined || origin === publicOrigin || origin === hostOrigin;
    if (session && originOk && sessions.csrfMatches(session, field(req, '_csrf'))) return session;
    logger.warn({ event: 'csrf', path: req.path, originOk }, 'form refused: bad CSRF token, session or origin');
    sendPage(
      res,
      403,
      errorPage({
        title: 'This form has expired',
        message: `The form was not sent from this sign-in page, or it is more than an hour old. Go back to ${publicOrigin}/login?${request.query} and try again.`,
      }),
    );
    return undefined;
  }

  function redirectWithCode(res: Response, request: AuthorizationRequest, session: Session): void {
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
    logger.info({ event: 'authorize', username: signedIn.username, clientId: request.client.clientId }, 'code issued');
    res.redirect(302, withQuery(request.redirectUri, { code, state: request.state }));
  }

  /** A session whose user still exists and may sign in. */
  function liveSignIn(session: Session | undefined): boolean {
    const user = pool.findUser(session?.signedIn?.username);
    return Boolean(user?.enabled && user.status === 'CONFIRMED');
  }

  router.get('/oauth2/authorize', (req, res) => {
    const request = authorization(req, res);
    if (request) res.redirect(302, `/login?${rawQuery(req)}`);
  });

  router.get('/login', (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = sessions.current(req);
    if (session && liveSignIn(session)) return redirectWithCode(res, request, session);
    const fresh = sessions.ensure(req, res);
    const notice = fresh.notice;
    delete fresh.notice;
    sendPage(res, 200, signInPage({ query: request.query, csrfToken: fresh.csrfToken, ...(notice ? { notice } : {}) }));
  });

  router.post('/login', form, async (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = postedSession(req, res, request);
    if (!session) return;
    const username = field(req, 'username')?.trim() ?? '';
    try {
      const outcome = await pool.signIn(username, field(req, 'password'));
      if (outcome.kind === 'new-password-required') {
        session.newPasswordChallenge = {
          username: outcome.user.username,
          expiresAt: ctx.now() + CHALLENGE_LIFETIME_MS,
        };
        return res.redirect(302, `/new-password?${request.query}`);
      }
      logger.info({ event: 'sign-in', username: outcome.user.username }, 'signed in');
      redirectWithCode(res, request, sessions.signIn(res, session, outcome.user.username));
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      if (error.type === 'UserNotConfirmedException') {
        const user = pool.resendConfirmationCode(username);
        session.confirming = { username: user.username };
        return res.redirect(302, `/confirm?${request.query}`);
      }
      logger.info({ event: 'sign-in', error: error.type }, 'sign-in refused');
      const message =
        error.message === PASSWORD_ATTEMPTS_EXCEEDED
          ? 'Password attempts exceeded: too many wrong passwords in a row. Wait a little, then try again; each further wrong password makes the wait longer.'
          : error.message;
      sendPage(res, 400, signInPage({ query: request.query, csrfToken: session.csrfToken, username, error: message }));
    }
  });

  function pendingChallenge(session: Session | undefined) {
    const challenge = session?.newPasswordChallenge;
    if (!challenge || challenge.expiresAt <= ctx.now()) return undefined;
    const user = pool.findUser(challenge.username);
    return user?.status === 'FORCE_CHANGE_PASSWORD' ? user : undefined;
  }

  router.get('/new-password', (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = sessions.current(req);
    const user = pendingChallenge(session);
    if (!session || !user) return res.redirect(302, `/login?${request.query}`);
    sendPage(
      res,
      200,
      newPasswordPage({
        query: request.query,
        csrfToken: session.csrfToken,
        policy: pool.passwordPolicy,
        missingAttributes: pool.missingRequiredAttributes(user),
      }),
    );
  });

  router.post('/new-password', form, async (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = postedSession(req, res, request);
    if (!session) return;
    const user = pendingChallenge(session);
    if (!user) {
      return sendPage(
        res,
        400,
        signInPage({
          query: request.query,
          csrfToken: session.csrfToken,
          error: 'Your session has expired. Please sign in again.',
        }),
      );
    }
    const missingAttributes = pool.missingRequiredAttributes(user);
    const values: Record<string, string> = {};
    for (const name of missingAttributes) values[name] = field(req, `attr_${name}`)?.trim() ?? '';
    const again = (error: string, problems?: string[]) =>
      sendPage(
        res,
        400,
        newPasswordPage({
          query: request.query,
          csrfToken: session.csrfToken,
          policy: pool.passwordPolicy,
          missingAttributes,
          values,
          error,
          ...(problems ? { problems } : {}),
        }),
      );
    const password = field(req, 'newPassword') ?? '';
    const problems = checkPassword(password, pool.passwordPolicy);
    if (problems.length > 0) {
      return again(
        'Your new password does not meet the password policy. It needs:',
        problems.map((problem) => problem.requirement),
      );
    }
    if (password !== field(req, 'confirmPassword')) return again('The two passwords do not match.');
    const empty = missingAttributes.filter((name) => !values[name]);
    if (empty.length > 0) return again(`Please fill in: ${empty.join(', ')}.`);
    try {
      await pool.completeNewPassword(user, password, values);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      return again(error.message);
    }
    redirectWithCode(res, request, sessions.signIn(res, session, user.username));
  });

  router.get('/signup', (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = sessions.ensure(req, res);
    sendPage(res, 200, signUpPage({ query: request.query, csrfToken: session.csrfToken, policy: pool.passwordPolicy }));
  });

  router.post('/signup', form, async (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = postedSession(req, res, request);
    if (!session) return;
    const values = { email: field(req, 'email')?.trim() ?? '', name: field(req, 'name')?.trim() ?? '' };
    const again = (error: string, problems?: string[]) =>
      sendPage(
        res,
        400,
        signUpPage({
          query: request.query,
          csrfToken: session.csrfToken,
          policy: pool.passwordPolicy,
          values,
          error,
          ...(problems ? { problems } : {}),
        }),
      );
    if (!values.email || !values.name) return again('Please enter your email address and your name.');
    const password = field(req, 'password') ?? '';
    const problems = checkPassword(password, pool.passwordPolicy);
    if (problems.length > 0) {
      return again(
        'Your password does not meet the password policy. It needs:',
        problems.map((problem) => problem.requirement),
      );
    }
    if (password !== field(req, 'confirmPassword')) return again('The two passwords do not match.');
    try {
      const user = await pool.signUp({
        username: values.email,
        password,
        attributes: [
          { Name: 'email', Value: values.email },
          { Name: 'name', Value: values.name },
        ],
      });
      session.confirming = { username: user.username };
      res.redirect(302, `/confirm?${request.query}`);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      again(error.message);
    }
  });

  function confirmingEmail(session: Session | undefined): string | undefined {
    const email = pool.findUser(session?.confirming?.username)?.attributes.email;
    return email ? maskEmail(email) : undefined;
  }

  router.get('/confirm', (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = sessions.ensure(req, res);
    const destination = confirmingEmail(session);
    sendPage(
      res,
      200,
      confirmPage({
        query: request.query,
        csrfToken: session.csrfToken,
        ...(destination ? { destination } : {}),
      }),
    );
  });

  router.post('/confirm', form, (req, res) => {
    const request = authorization(req, res);
    if (!request) return;
    const session = postedSession(req, res, request);
    if (!session) return;
    // Only a confirmation this session started (its own sign-up, or the user's password given
    // here) may end signed in; anyone else who has the code just confirms the account.
    const owned = session.confirming;
    const username = owned?.username ?? field(req, 'username')?.trim();
    const destination = confirmingEmail(session);
    const render = (status: number, message: { error?: string; notice?: string }) =>
      sendPage(
        res,
        status,
        confirmPage({
          query: request.query,
          csrfToken: session.csrfToken,
          ...(destination ? { destination } : {}),
          ...message,
        }),
      );
    try {
      if (field(req, 'action') === 'resend') {
        pool.resendConfirmationCode(username);
        return render(200, { notice: 'We have sent a new code. Check your email (here: the local Cognito log).' });
      }
      const user = pool.confirmSignUp(username, field(req, 'code'));
      if (owned?.username === user.username) {
        return redirectWithCode(res, request, sessions.signIn(res, session, user.username));
      }
      logger.info({ event: 'confirm', username: user.username }, 'confirmed; sign-in still needs the password');
      session.notice = 'Your account is confirmed. Sign in with your email address and password.';
      res.redirect(302, `/login?${request.query}`);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      render(400, { error: confirmErrorMessage(error) });
    }
  });

  function confirmErrorMessage(error: CognitoError): string {
    switch (error.type) {
      case 'UserNotFoundException':
        return 'No account needs confirming under that email.';
      case 'LimitExceededException':
        return `This code no longer works: it was entered wrongly ${MAX_CONFIRMATION_ATTEMPTS} times. Choose “Send a new code”, then enter the new code from your email (here: the local Cognito log).`;
      default:
        return error.message;
    }
  }

  router.get('/logout', (req, res) => {
    const params = new URLSearchParams(rawQuery(req));
    const client = pool.client(params.get('client_id') ?? undefined);
    if (!client) {
      return sendPage(
        res,
        400,
        errorPage({
          title: 'Something went wrong',
          message: 'client_id is missing or unknown.',
          error: 'invalid_request',
        }),
      );
    }
    const logoutUri = params.get('logout_uri');
    if (logoutUri !== null) {
      if (!client.logoutUrls.includes(logoutUri)) {
        return sendPage(
          res,
          400,
          errorPage({
            title: 'Something went wrong',
            message: 'logout_uri is not one of the sign-out URLs registered on the app client.',
            error: 'invalid_request',
          }),
        );
      }
      sessions.destroy(req, res);
      return res.redirect(302, logoutUri);
    }
    if (params.has('redirect_uri') && params.has('response_type')) {
      const request = authorization(req, res);
      if (!request) return;
      sessions.destroy(req, res);
      return res.redirect(302, `/login?${rawQuery(req)}`);
    }
    sendPage(
      res,
      400,
      errorPage({
        title: 'Something went wrong',
        message: 'Sign-out needs logout_uri (or redirect_uri and response_type to sign in again).',
        error: 'invalid_request',
      }),
    );
  });

  return router;
}
