/**
 * Managed login's sign-up: `/signup` makes an unconfirmed user and mails a code (to the log);
 * `/confirm` takes the code. The right code signs in only the browser that started that
 * confirmation (its own sign-up, or the user's password given on `/login`); any other browser
 * that has the code confirms the account and is sent to sign in with the password.
 */
import { Router } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { CognitoError } from '../errors.js';
import { maskEmail } from '../pool/attributes.js';
import { MAX_CODE_ATTEMPTS } from '../pool/one-time-codes.js';
import { authorizationOf } from './authorization.js';
import { field, type LoginFlow, sendPage, sessionOf } from './forms.js';
import { confirmPage, signUpPage } from './pages.js';
import type { Session } from './sessions.js';

function confirmErrorMessage(error: CognitoError): string {
  switch (error.type) {
    case 'UserNotFoundException':
      return 'No account needs confirming under that email.';
    case 'LimitExceededException':
      return `This code no longer works: it was entered wrongly ${MAX_CODE_ATTEMPTS} times. Choose “Send a new code”, then enter the new code from your email (here: the local Cognito log).`;
    default:
      return error.message;
  }
}

/** `/signup` and `/confirm`. */
export function signUpRoutes(ctx: LocalCognitoContext, flow: LoginFlow): Router {
  const router = Router();
  const { pool, sessions, logger } = ctx;

  router.get('/signup', (req, res) => {
    const request = authorizationOf(res);
    const session = sessions.ensure(req, res);
    sendPage(res, 200, signUpPage({ query: request.query, csrfToken: session.csrfToken, policy: pool.passwordPolicy }));
  });

  router.post('/signup', ...flow.postedForm, async (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
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
    const problems = pool.users.policyProblems(password);
    if (problems.length > 0) return again('Your password does not meet the password policy. It needs:', problems);
    if (password !== field(req, 'confirmPassword')) return again('The two passwords do not match.');
    try {
      const user = await pool.signUps.signUp({ username: values.email, password, attributes: values });
      session.confirming = { username: user.username };
      res.redirect(302, `/confirm?${request.query}`);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      again(error.message);
    }
  });

  function confirmingEmail(session: Session | undefined): string | undefined {
    const email = pool.users.find(session?.confirming?.username)?.attributes.email;
    return email ? maskEmail(email) : undefined;
  }

  router.get('/confirm', (req, res) => {
    const request = authorizationOf(res);
    const session = sessions.ensure(req, res);
    const destination = confirmingEmail(session);
    sendPage(
      res,
      200,
      confirmPage({ query: request.query, csrfToken: session.csrfToken, ...(destination ? { destination } : {}) }),
    );
  });

  router.post('/confirm', ...flow.postedForm, (req, res) => {
    const request = authorizationOf(res);
    const session = sessionOf(res);
    // Only a confirmation this session started may end signed in; anyone else who has the
    // code just confirms the account.
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
        pool.signUps.resendCode(username);
        return render(200, { notice: 'We have sent a new code. Check your email (here: the local Cognito log).' });
      }
      const user = pool.signUps.confirm(username, field(req, 'code'));
      if (owned?.username === user.username) {
        return flow.redirectWithCode(res, sessions.signIn(res, session, user.username));
      }
      logger.info({ event: 'confirm', username: user.username }, 'confirmed; sign-in still needs the password');
      session.notice = 'Your account is confirmed. Sign in with your email address and password.';
      res.redirect(302, `/login?${request.query}`);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      render(400, { error: confirmErrorMessage(error) });
    }
  });

  return router;
}
