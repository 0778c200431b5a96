/**
 * Managed login: `/oauth2/authorize`, `/login`, the NEW_PASSWORD_REQUIRED form
 * (`/new-password`), sign-up (`/signup`, `/confirm`), "Forgot your password?"
 * (`/forgotPassword`, `/confirmForgotPassword`) and `/logout`. Every page but `/logout` runs
 * behind the one authorization request check (authorization.ts); every form POST behind the
 * one CSRF check (forms.ts). A browser that signed in less than an hour ago is sent straight
 * back to the client with a code.
 */
import { Router } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { CognitoError } from '../errors.js';
import { PASSWORD_ATTEMPTS_EXCEEDED } from '../pool/sign-in.js';
import { authorizationOf, authorizationRequest, rawQuery } from './authorization.js';
import { forgotPasswordRoutes } from './forgot-password-routes.js';
import { field, loginFlow, pageHeaders, sendPage, sessionOf } from './forms.js';
import { errorPage, newPasswordPage, signInPage } from './pages.js';
import { CHALLENGE_LIFETIME_MS, type Session } from './sessions.js';
import { signUpRoutes } from './sign-up-routes.js';

const PAGES = [
  '/oauth2/authorize',
  '/login',
  '/new-password',
  '/signup',
  '/confirm',
  '/forgotPassword',
  '/confirmForgotPassword',
];

/**
 * The managed login routes.
 *
 * @example
 * app.use(loginRoutes(ctx));
 */
export function loginRoutes(ctx: LocalCognitoContext): Router {
  const router = Router();
  const { pool, sessions, logger } = ctx;
  const flow = loginFlow(ctx);

  router.use([...PAGES, '/logout'], pageHeaders);
  router.use(PAGES, authorizationRequest(ctx));

  router.get('/oauth2/authorize', (req, res) => {
    res.redirect(302, `/login?${rawQuery(req)}`);
  });

  router.get('/login', (req, res) => {
    const request = authorizationOf(res);
    const session = sessions.current(req);
    if (session && flow.liveSignIn(session)) return flow.redirectWithCode(res, session);
    const fresh = sessions.ensure(req, res);
    const notice = fresh.notice;
    delete fresh.notice;
    sendPage(res, 200, signInPage({ query: request.query, csrfToken: fresh.csrfToken, ...(notice ? { notice } : {}) }));
  });

  router.post('/login', ...flow.postedForm, async (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
    const username = field(req, 'username')?.trim() ?? '';
    try {
      const outcome = await pool.signIns.withPassword(username, field(req, 'password') ?? '');
      if (outcome.kind === 'new-password-required') {
        session.newPasswordChallenge = {
          username: outcome.user.username,
          expiresAt: ctx.now() + CHALLENGE_LIFETIME_MS,
        };
        return res.redirect(302, `/new-password?${request.query}`);
      }
      logger.info({ event: 'sign-in', username: outcome.user.username }, 'signed in');
      flow.redirectWithCode(res, sessions.signIn(res, session, outcome.user.username));
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      if (error.type === 'UserNotConfirmedException') {
        const user = pool.signUps.resendCode(username);
        session.confirming = { username: user.username };
        return res.redirect(302, `/confirm?${request.query}`);
      }
      if (error.type === 'PasswordResetRequiredException') {
        // The administrator's reset already mailed a code: the user goes straight to using it.
        session.resetting = { name: username };
        session.notice =
          'Your password must be reset. Enter the code we sent to your email address and a new password.';
        return res.redirect(302, `/confirmForgotPassword?${request.query}`);
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
    const user = pool.users.find(challenge.username);
    return user?.status === 'FORCE_CHANGE_PASSWORD' && user.enabled ? user : undefined;
  }

  router.get('/new-password', (req, res) => {
    const request = authorizationOf(res);
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
        missingAttributes: pool.signIns.missingRequiredAttributes(user),
      }),
    );
  });

  router.post('/new-password', ...flow.postedForm, async (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
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
    const missingAttributes = pool.signIns.missingRequiredAttributes(user);
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
    const problems = passwordProblems(ctx, password);
    if (problems.length > 0) return again('Your new password does not meet the password policy. It needs:', problems);
    if (password !== field(req, 'confirmPassword')) return again('The two passwords do not match.');
    const empty = missingAttributes.filter((name) => !values[name]);
    if (empty.length > 0) return again(`Please fill in: ${empty.join(', ')}.`);
    try {
      await pool.signIns.completeNewPassword(user, password, values);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      return again(error.message);
    }
    flow.redirectWithCode(res, sessions.signIn(res, session, user.username));
  });

  router.use(signUpRoutes(ctx, flow));
  router.use(forgotPasswordRoutes(ctx, flow));

  router.get('/logout', (req, res) => {
    const params = new URLSearchParams(rawQuery(req));
    const client = pool.clients.find(params.get('client_id') ?? undefined);
    const refuse = (message: string) =>
      sendPage(res, 400, errorPage({ title: 'Something went wrong', message, error: 'invalid_request' }));
    if (!client) return refuse('client_id is missing or unknown.');
    const logoutUri = params.get('logout_uri');
    if (logoutUri !== null) {
      if (!client.logoutUrls.includes(logoutUri)) {
        return refuse('logout_uri is not one of the sign-out URLs registered on the app client.');
      }
      sessions.destroy(req, res);
      return res.redirect(302, logoutUri);
    }
    if (params.has('redirect_uri') && params.has('response_type')) {
      return authorizationRequest(ctx)(req, res, () => {
        sessions.destroy(req, res);
        res.redirect(302, `/login?${rawQuery(req)}`);
      });
    }
    return refuse('Sign-out needs logout_uri (or redirect_uri and response_type to sign in again).');
  });

  return router;
}

/** The policy rules a new password breaks, as sentences for the page. */
export function passwordProblems(ctx: Pick<LocalCognitoContext, 'pool'>, password: string): string[] {
  return ctx.pool.users.policyProblems(password);
}
