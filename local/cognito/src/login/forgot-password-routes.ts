/**
 * Managed login's "Forgot your password?": `/forgotPassword` asks for the email and mails a
 * reset code (to the log, as sign-up codes are); `/confirmForgotPassword` takes the code and a
 * new password, then sends the browser to sign in with it. An administrator's reset
 * (RESET_REQUIRED) lands on the second page straight from `/login`. With the client's
 * PreventUserExistenceErrors on, an email that matches no account goes on as if it did.
 */
import { Router } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { CognitoError } from '../errors.js';
import { MAX_CODE_ATTEMPTS } from '../pool/one-time-codes.js';
import { authorizationOf } from './authorization.js';
import { field, type LoginFlow, sendPage, sessionOf } from './forms.js';
import { forgotPasswordPage, resetPasswordPage } from './pages.js';

function resetErrorMessage(error: CognitoError): string {
  switch (error.type) {
    case 'LimitExceededException':
      return `This code no longer works: it was entered wrongly ${MAX_CODE_ATTEMPTS} times. Choose “Send a new code” to get another one.`;
    case 'ExpiredCodeException':
      return 'This code has expired. Choose “Send a new code” to get another one.';
    default:
      return error.message;
  }
}

/** `/forgotPassword` and `/confirmForgotPassword`. */
export function forgotPasswordRoutes(ctx: LocalCognitoContext, flow: LoginFlow): Router {
  const router = Router();
  const { pool, sessions, logger } = ctx;

  router.get('/forgotPassword', (req, res) => {
    const request = authorizationOf(res);
    const session = sessions.ensure(req, res);
    sendPage(res, 200, forgotPasswordPage({ query: request.query, csrfToken: session.csrfToken }));
  });

  router.post('/forgotPassword', ...flow.postedForm, (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
    const email = field(req, 'username')?.trim() ?? '';
    const again = (error: string) =>
      sendPage(
        res,
        400,
        forgotPasswordPage({ query: request.query, csrfToken: session.csrfToken, username: email, error }),
      );
    if (!email) return again('Please enter your email address.');
    try {
      const sent = pool.passwordResets.forgotPassword(email, request.client.preventUserExistenceErrors);
      session.resetting = { name: email };
      session.notice = `We have sent a password reset code by email to ${sent.destination}. Enter it below to reset your password.`;
      res.redirect(302, `/confirmForgotPassword?${request.query}`);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      logger.info({ event: 'forgot-password', error: error.type }, 'password reset refused');
      again(error.message);
    }
  });

  router.get('/confirmForgotPassword', (req, res) => {
    const request = authorizationOf(res);
    const session = sessions.current(req);
    if (!session?.resetting) return res.redirect(302, `/forgotPassword?${request.query}`);
    const notice = session.notice;
    delete session.notice;
    sendPage(
      res,
      200,
      resetPasswordPage({
        query: request.query,
        csrfToken: session.csrfToken,
        policy: pool.passwordPolicy,
        ...(notice ? { notice } : {}),
      }),
    );
  });

  router.post('/confirmForgotPassword', ...flow.postedForm, async (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
    const name = session.resetting?.name;
    if (!name) return res.redirect(302, `/forgotPassword?${request.query}`);
    const again = (error: string, problems?: string[]) =>
      sendPage(
        res,
        400,
        resetPasswordPage({
          query: request.query,
          csrfToken: session.csrfToken,
          policy: pool.passwordPolicy,
          error,
          ...(problems ? { problems } : {}),
        }),
      );
    const password = field(req, 'newPassword') ?? '';
    const problems = pool.users.policyProblems(password);
    if (problems.length > 0) return again('Your new password does not meet the password policy. It needs:', problems);
    if (password !== field(req, 'confirmPassword')) return again('The two passwords do not match.');
    try {
      await pool.passwordResets.confirm(
        name,
        field(req, 'code') ?? '',
        password,
        request.client.preventUserExistenceErrors,
      );
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      return again(resetErrorMessage(error));
    }
    delete session.resetting;
    session.notice = 'Your password has been reset. Sign in with your new password.';
    res.redirect(302, `/login?${request.query}`);
  });

  return router;
}
