import { createHmac, randomUUID } from 'node:crypto';
import { AdminCreateUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser, freshEmail, STRONG_PASSWORD, tokenRequest } from '../testing/admin.js';
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

/** A user who signed up through the JSON API (not through this browser), and the code emailed to them. */
async function signedUpElsewhere(): Promise<{ email: string; code: string }> {
  const email = freshEmail();
  const { clientId, clientSecret } = local.cognito;
  const sdk = adminClient(local.cognito);
  try {
    await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        SecretHash: createHmac('sha256', clientSecret)
          .update(email + clientId)
          .digest('base64'),
        Username: email,
        Password: STRONG_PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'Victim Example' }],
      }),
    );
  } finally {
    sdk.destroy();
  }
  return { email, code: local.log.verificationCodeFor(email) as string };
}

async function userStatus(email: string): Promise<string | undefined> {
  const sdk = adminClient(local.cognito);
  try {
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    return user.UserStatus;
  } finally {
    sdk.destroy();
  }
}

/** A six-digit code that is not `code`. */
function otherCode(code: string, seed: number): string {
  const candidate = String(seed % 1_000_000).padStart(6, '0');
  return candidate === code ? String((seed + 1) % 1_000_000).padStart(6, '0') : candidate;
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

  it('confirms, but does not sign in, a browser that did not start the sign-up, and sends it to sign in', async () => {
    // prepare
    const { email, code } = await signedUpElsewhere();
    const browser = new Browser();
    const query = loginQuery();
    const token = csrf(await (await browser.get(`/confirm?${query}`)).text());

    // act
    const confirmed = await browser.post(`/confirm?${query}`, {
      _csrf: token,
      action: 'confirm',
      username: email,
      code,
    });
    const next = await browser.get(confirmed.headers.get('location') as string);
    const nextPage = await next.text();
    const again = await browser.get(`/login?${query}`);

    // assert
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe(`/login?${query}`);
    expect(next.status).toBe(200);
    expect(nextPage).toContain('<h1>Sign in</h1>');
    expect(nextPage).toContain('Your account is confirmed. Sign in with your email address and password.');
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain('Your account is confirmed');
    expect(await userStatus(email)).toBe('CONFIRMED');
  });

  it('stops taking codes after five wrong ones, even the right one, and says how to get a new one', async () => {
    // prepare
    const { email, code } = await signedUpElsewhere();
    const browser = new Browser();
    const query = loginQuery();
    const token = csrf(await (await browser.get(`/confirm?${query}`)).text());
    const attempt = (value: string) =>
      browser.post(`/confirm?${query}`, { _csrf: token, action: 'confirm', username: email, code: value });

    // act
    const wrongPages: { status: number; page: string }[] = [];
    for (let guess = 0; guess < 20; guess++) {
      const response = await attempt(otherCode(code, guess));
      wrongPages.push({ status: response.status, page: await response.text() });
    }
    const right = await attempt(code);
    const rightPage = await right.text();

    // assert
    const limit = 'This code no longer works: it was entered wrongly 5 times. Choose “Send a new code”';
    for (const { status, page } of wrongPages.slice(0, 4)) {
      expect(status).toBe(400);
      expect(page).toContain('Invalid verification code provided, please try again.');
    }
    for (const { status, page } of wrongPages.slice(4)) {
      expect(status).toBe(400);
      expect(page).toContain(limit);
    }
    expect(right.status).toBe(400);
    expect(rightPage).toContain(limit);
    expect(rightPage).toContain('<button type="submit" name="action" value="resend">Send a new code</button>');
    expect(await userStatus(email)).toBe('UNCONFIRMED');
  });

  it('lets the person who signed up send a new code after five wrong ones and sign in with it', async () => {
    // prepare
    const browser = new Browser();
    const query = loginQuery();
    const email = freshEmail();
    const token = csrf(await (await browser.get(`/signup?${query}`)).text());
    await browser.post(`/signup?${query}`, {
      _csrf: token,
      email,
      name: 'Mary Jackson',
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    const firstCode = local.log.verificationCodeFor(email) as string;
    let lastWrong = '';
    for (let guess = 0; guess < 5; guess++) {
      const response = await browser.post(`/confirm?${query}`, {
        _csrf: token,
        action: 'confirm',
        code: otherCode(firstCode, guess),
      });
      lastWrong = await response.text();
    }

    // act
    const resent = await browser.post(`/confirm?${query}`, { _csrf: token, action: 'resend' });
    const newCode = local.log.verificationCodeFor(email) as string;
    const confirmed = await browser.post(`/confirm?${query}`, { _csrf: token, action: 'confirm', code: newCode });

    // assert
    expect(lastWrong).toContain('This code no longer works: it was entered wrongly 5 times. Choose “Send a new code”');
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain('We have sent a new code.');
    expect(callbackOf(confirmed).searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await userStatus(email)).toBe('CONFIRMED');
  });

  it('opens the sign-in page straight from the tutorial-style /login URL', async () => {
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
