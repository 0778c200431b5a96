/**
 * Managed login's "Forgot your password?", a disabled user, and an administrator's password
 * reset, walked page by page over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { AdminDisableUserCommand, AdminResetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import { STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';
import { csrfOf, FormBrowser } from '../testing/form-browser.js';

const CALLBACK = 'http://localhost:3000/callback';
const NEW_PASSWORD = 'Reset-Pass-2024';
const api = useApiFixture();

function query(): string {
  return new URLSearchParams({
    client_id: api.cognito.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: CALLBACK,
    state: randomUUID(),
  }).toString();
}

/** Signs in on /login with a fresh form; the response to the form. */
async function signIn(browser: FormBrowser, q: string, username: string, password: string): Promise<Response> {
  const page = await browser.get(`/login?${q}`);
  return browser.post(`/login?${q}`, { _csrf: csrfOf(await page.text()), username, password });
}

describe('Forgot your password? on managed login', () => {
  it('mails a code, takes it with a new password, and the user signs in with that password', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const browser = new FormBrowser(api.cognito.url);
    const q = query();
    const signInPage = await (await browser.get(`/login?${q}`)).text();
    const forgotPage = await (await browser.get(`/forgotPassword?${q}`)).text();
    const csrf = csrfOf(forgotPage);

    // act
    const asked = await browser.post(`/forgotPassword?${q}`, { _csrf: csrf, username: email });
    const resetPage = await (await browser.get(asked.headers.get('location') as string)).text();
    const code = api.log.passwordResetCodeFor(email) as string;
    const weak = await browser.post(`/confirmForgotPassword?${q}`, {
      _csrf: csrf,
      code,
      newPassword: 'weak',
      confirmPassword: 'weak',
    });
    const wrongCode = await browser.post(`/confirmForgotPassword?${q}`, {
      _csrf: csrf,
      code: code === '000000' ? '111111' : '000000',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    const reset = await browser.post(`/confirmForgotPassword?${q}`, {
      _csrf: csrf,
      code,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    const loginPage = await (await browser.get(reset.headers.get('location') as string)).text();
    const signedIn = await signIn(new FormBrowser(api.cognito.url), query(), email, NEW_PASSWORD);

    // assert
    expect(signInPage).toContain(`<a href="/forgotPassword?${q.replaceAll('&', '&amp;')}">Forgot your password?</a>`);
    expect(forgotPage).toContain('<label for="username">Email address</label>');
    expect(asked.status).toBe(302);
    expect(asked.headers.get('location')).toBe(`/confirmForgotPassword?${q}`);
    expect(resetPage).toContain('We have sent a password reset code by email to u***@e***.');
    expect(resetPage).toContain('<label for="code">Code</label>');
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('<li>at least 8 characters</li>');
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain('Invalid verification code provided, please try again.');
    expect(reset.status).toBe(302);
    expect(reset.headers.get('location')).toBe(`/login?${q}`);
    expect(loginPage).toContain('Your password has been reset. Sign in with your new password.');
    expect(signedIn.status).toBe(302);
    expect(new URL(signedIn.headers.get('location') as string).searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.log.text()).not.toContain(NEW_PASSWORD);
  });

  it('goes on for an email that matches no account without telling, and sends nothing', async () => {
    // prepare
    const nobody = freshEmail();
    const browser = new FormBrowser(api.cognito.url);
    const q = query();
    const csrf = csrfOf(await (await browser.get(`/forgotPassword?${q}`)).text());

    // act
    const asked = await browser.post(`/forgotPassword?${q}`, { _csrf: csrf, username: nobody });

    // assert
    expect(asked.status).toBe(302);
    expect(asked.headers.get('location')).toBe(`/confirmForgotPassword?${q}`);
    expect(api.log.passwordResetCodeFor(nobody)).toBeUndefined();
  });

  it('sends a user whose password an administrator reset from /login to the reset page', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    await api.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));
    const browser = new FormBrowser(api.cognito.url);
    const q = query();

    // act
    const refused = await signIn(browser, q, email, STRONG_PASSWORD);
    const resetPage = await (await browser.get(refused.headers.get('location') as string)).text();
    const reset = await browser.post(`/confirmForgotPassword?${q}`, {
      _csrf: csrfOf(resetPage),
      code: api.log.passwordResetCodeFor(email) as string,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });

    // assert
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe(`/confirmForgotPassword?${q}`);
    expect(resetPage).toContain('Your password must be reset.');
    expect(reset.headers.get('location')).toBe(`/login?${q}`);
    expect((await api.passwordAuth(email, NEW_PASSWORD)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});

describe('a disabled user on managed login', () => {
  it('is refused with Cognito’s message, and a browser they signed in before is no longer sent back with a code', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const browser = new FormBrowser(api.cognito.url);
    await signIn(browser, query(), email, STRONG_PASSWORD);
    await api.sdk.send(new AdminDisableUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));

    // act
    const returning = await browser.get(`/login?${query()}`);
    const fresh = await signIn(new FormBrowser(api.cognito.url), query(), email, STRONG_PASSWORD);

    // assert
    expect(returning.status).toBe(200);
    expect(await returning.text()).toContain('<h1>Sign in</h1>');
    expect(fresh.status).toBe(400);
    expect(await fresh.text()).toContain('User is disabled.');
  });
});
