import { randomUUID } from 'node:crypto';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser, freshEmail, STRONG_PASSWORD, tokenRequest } from '../test-support/admin.js';
import { startCognitoForTest, type TestCognito } from '../testing/start-for-test.js';

const CALLBACK = 'http://localhost:3000/callback';
let local: TestCognito;

beforeAll(async () => {
  local = await startCognitoForTest();
});

afterAll(async () => {
  await local?.cognito.close();
});

/** What a browser keeps between requests: one host's cookies. */
class Browser {
  readonly cookies = new Map<string, string>();
  setCookieLines: string[] = [];

  async get(path: string): Promise<Response> {
    return this.#send(path);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send(path, form, headers);
  }

  async #send(path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(new URL(path, local.cognito.url), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: local.cognito.url } : {}),
        ...headers,
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    this.setCookieLines = response.headers.getSetCookie();
    for (const line of this.setCookieLines) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '') this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    return response;
  }
}

function csrf(page: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
}

function loginQuery(state = `state-${randomUUID()}`): string {
  return new URLSearchParams({
    client_id: local.cognito.clientId,
    response_type: 'code',
    scope: 'email openid profile',
    redirect_uri: CALLBACK,
    state,
  }).toString();
}

/** Opens the sign-in page and returns the CSRF token its form carries. */
async function openLogin(browser: Browser, query: string): Promise<string> {
  const page = await browser.get(`/login?${query}`);
  expect(page.status).toBe(200);
  return csrf(await page.text());
}

function callbackOf(response: Response): URL {
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string);
}

describe('managed login', () => {
  it('shows a clear message for a wrong password, echoing the email escaped', async () => {
    // prepare
    const browser = new Browser();
    const query = loginQuery();
    const token = await openLogin(browser, query);
    const hostile = `"><script>alert(1)</script>${freshEmail()}`;

    // act
    const response = await browser.post(`/login?${query}`, {
      _csrf: token,
      username: hostile,
      password: 'Nope-nope-1',
    });

    // assert
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain('Incorrect username or password.');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toMatch(/<label for="username">Email address<\/label>/);
  });

  it('sets a signed, HttpOnly, SameSite=Lax session cookie that lives one hour', async () => {
    // prepare
    const browser = new Browser();

    // act
    await openLogin(browser, loginQuery());

    // assert
    const cookie = browser.setCookieLines.find((line) => line.startsWith('cognito='));
    expect(cookie).toMatch(/^cognito=s%3A[^;]+\./);
    expect(cookie).toMatch(/Max-Age=3600/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('refuses a form without the CSRF token, from another origin, or without the session cookie', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    const query = loginQuery();
    const browser = new Browser();
    const token = await openLogin(browser, query);
    const form = { username: email, password: STRONG_PASSWORD };

    // act
    const noToken = await browser.post(`/login?${query}`, form);
    const otherOrigin = await browser.post(
      `/login?${query}`,
      { ...form, _csrf: token },
      { origin: 'http://evil.example' },
    );
    const noCookie = await new Browser().post(`/login?${query}`, { ...form, _csrf: token });
    const genuine = await browser.post(`/login?${query}`, { ...form, _csrf: token });

    // assert
    expect(noToken.status).toBe(403);
    expect(otherOrigin.status).toBe(403);
    expect(noCookie.status).toBe(403);
    expect(callbackOf(genuine).searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes an invited user choose a new password that meets the policy, then returns to the callback', async () => {
    // prepare
    const sdk = adminClient(local.cognito);
    const email = freshEmail();
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    sdk.destroy();
    const temporary = local.log.temporaryPasswordFor(email) as string;
    const state = `state-${randomUUID()}`;
    const query = loginQuery(state);
    const browser = new Browser();
    const token = await openLogin(browser, query);

    // act
    const signIn = await browser.post(`/login?${query}`, { _csrf: token, username: email, password: temporary });
    const form = await browser.get(signIn.headers.get('location') as string);
    const formPage = await form.text();
    const newPasswordToken = csrf(formPage);
    const weak = await browser.post(`/new-password?${query}`, {
      _csrf: newPasswordToken,
      newPassword: 'weakpass',
      confirmPassword: 'weakpass',
      attr_name: 'Mary Jackson',
    });
    const weakPage = await weak.text();
    const mismatch = await browser.post(`/new-password?${query}`, {
      _csrf: newPasswordToken,
      newPassword: STRONG_PASSWORD,
      confirmPassword: `${STRONG_PASSWORD}x`,
      attr_name: 'Mary Jackson',
    });
    const done = await browser.post(`/new-password?${query}`, {
      _csrf: newPasswordToken,
      newPassword: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
      attr_name: 'Mary Jackson',
    });

    // assert
    expect(signIn.headers.get('location')).toBe(`/new-password?${query}`);
    expect(formPage).toMatch(/<label for="new-password">New password<\/label>/);
    expect(formPage).toMatch(/<label for="attr-name">Name<\/label>/);
    expect(weak.status).toBe(400);
    expect(weakPage).toContain('does not meet the password policy');
    expect(weakPage).toContain('<li>an upper-case letter</li>');
    expect(weakPage).toContain('<li>a number</li>');
    expect(weakPage).toContain('<li>a special character such as ! @ # $ % ^ &amp; *</li>');
    expect(weakPage).not.toContain('<li>at least 8 characters</li>');
    expect(await mismatch.text()).toContain('The two passwords do not match.');
    const callback = callbackOf(done);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code') as string, redirect_uri: CALLBACK },
      { basic: { id: local.cognito.clientId, secret: local.cognito.clientSecret } },
    );
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ email, name: 'Mary Jackson' });
    expect(local.log.text()).not.toContain(STRONG_PASSWORD);
  });

  it('signs a returning browser in without the form while its session lasts, and not after /logout', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    const browser = new Browser();
    const query = loginQuery();
    const token = await openLogin(browser, query);
    await browser.post(`/login?${query}`, { _csrf: token, username: email, password: STRONG_PASSWORD });

    // act
    const again = await browser
      .get(`/oauth2/authorize?${loginQuery()}`)
      .then((r) => browser.get(r.headers.get('location') as string));
    const logout = await browser.get(
      `/logout?${new URLSearchParams({ client_id: local.cognito.clientId, logout_uri: 'http://localhost:3000/' })}`,
    );
    const afterLogout = await browser.get(`/login?${loginQuery()}`);
    const badLogout = await browser.get(
      `/logout?${new URLSearchParams({ client_id: local.cognito.clientId, logout_uri: 'http://localhost:3000/elsewhere' })}`,
    );

    // assert
    expect(callbackOf(again).searchParams.get('code')).toBeTruthy();
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('http://localhost:3000/');
    expect(afterLogout.status).toBe(200);
    expect(await afterLogout.text()).toContain('<h1>Sign in</h1>');
    expect(badLogout.status).toBe(400);
  });

  it('signs a new user up, takes the code from the log, and lands on the callback with a verified email', async () => {
    // prepare
    const browser = new Browser();
    const query = loginQuery();
    const email = freshEmail();
    const signUpPage = await browser.get(`/signup?${query}`);
    const token = csrf(await signUpPage.text());
    const form = { _csrf: token, email, name: 'Dorothy Vaughan' };

    // act
    const weak = await browser.post(`/signup?${query}`, { ...form, password: 'short', confirmPassword: 'short' });
    const created = await browser.post(`/signup?${query}`, {
      ...form,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    const confirmPage = await (await browser.get(created.headers.get('location') as string)).text();
    const wrongCode = await browser.post(`/confirm?${query}`, { _csrf: token, action: 'confirm', code: '000000x' });
    const code = local.log.verificationCodeFor(email) as string;
    const confirmed = await browser.post(`/confirm?${query}`, { _csrf: token, action: 'confirm', code });

    // assert
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('<li>at least 8 characters</li>');
    expect(created.headers.get('location')).toBe(`/confirm?${query}`);
    expect(confirmPage).toContain('We have sent a code by email to u***@e***');
    expect(confirmPage).toMatch(/<label for="code">Verification code<\/label>/);
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain('Invalid verification code provided, please try again.');
    const tokens = await tokenRequest(
      local.cognito,
      {
        grant_type: 'authorization_code',
        code: callbackOf(confirmed).searchParams.get('code') as string,
        redirect_uri: CALLBACK,
      },
      { basic: { id: local.cognito.clientId, secret: local.cognito.clientSecret } },
    );
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({
      email,
      email_verified: true,
      name: 'Dorothy Vaughan',
    });
  });

  it('opens the sign-in page straight from the seed-style /login URL', async () => {
    // act
    const response = await fetch(
      `${local.cognito.url}/login?client_id=${local.cognito.clientId}&response_type=code&scope=email+openid+profile&redirect_uri=${CALLBACK}`,
    );

    // assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('<form method="post"');
  });
});
