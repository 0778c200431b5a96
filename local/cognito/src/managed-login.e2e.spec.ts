/**
 * The tutorial's Parts II and III in a real browser (Debian's Chromium through playwright-core): an
 * administrator creates a user with the AWS SDK, the user signs in through managed login with the
 * temporary password from the invitation, must choose a new password (a weak one first), lands on
 * the application's callback with a code, and the application exchanges the code with its client
 * secret for tokens that pass the project's `CognitoTokenVerifier`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminCreateUserCommand, AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoTokenVerifier } from '@secure-notes/adapters-aws';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser, freshEmail, STRONG_PASSWORD, tokenRequest } from './testing/admin.js';
import { launchChromium } from './testing/browser.js';
import { startCognitoForTest, type TestCognito } from './testing/start-for-test.js';

let callbackServer: Server;
let callbackUrl: string;
let local: TestCognito;
let browser: Browser;

beforeAll(async () => {
  // The application's side: a callback page, as the web app of the tutorial would serve.
  callbackServer = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Signed in</title><h1>Signed in</h1>');
  });
  await listenOnLoopback(callbackServer, 'the callback server');
  callbackUrl = `http://localhost:${(callbackServer.address() as AddressInfo).port}/callback`;
  local = await startCognitoForTest({ callbackUrls: [callbackUrl] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await local?.cognito.close();
  callbackServer?.closeAllConnections();
  await new Promise<void>((resolve) => (callbackServer ? callbackServer.close(() => resolve()) : resolve()));
});

/** The tutorial's "View login page" URL, reached through /oauth2/authorize. */
function authorizeUrl(state: string): string {
  const { url, clientId } = local.cognito;
  return `${url}/oauth2/authorize?client_id=${clientId}&response_type=code&scope=email+openid+profile&redirect_uri=${encodeURIComponent(callbackUrl)}&state=${state}`;
}

async function callbackParams(page: Page): Promise<URLSearchParams> {
  await page.waitForURL((url) => url.toString().startsWith(callbackUrl));
  await expect.poll(() => page.locator('h1').textContent()).toBe('Signed in');
  return new URL(page.url()).searchParams;
}

/** Fills managed login's sign-in form and submits it with its button. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function verifier(): CognitoTokenVerifier {
  return new CognitoTokenVerifier({
    userPoolId: local.cognito.userPoolId,
    region: local.cognito.region,
    clientIds: [local.cognito.clientId],
    issuer: local.cognito.issuer,
    jwksUri: local.cognito.jwksUri,
  });
}

describe('managed login in a real browser (seed Parts II–III)', () => {
  it('takes an invited user through the forced password change to tokens that pass CognitoTokenVerifier', async () => {
    // prepare — Part II: the administrator creates the user; the invitation lands in the log.
    const email = freshEmail();
    const sdk = adminClient(local.cognito);
    const created = await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }),
    );
    sdk.destroy();
    const temporaryPassword = local.log.temporaryPasswordFor(email) as string;
    const newPassword = `Notes-${randomUUID().slice(0, 8)}-9!`;
    const firstState = randomUUID();
    const tokenVerifier = verifier();
    await tokenVerifier.hydrate();
    const context = await browser.newContext();
    const page = await context.newPage();

    // act — Part III, steps 01–04: sign in with the keyboard alone, then change the password.
    await page.goto(authorizeUrl(firstState));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await expect.poll(() => page.getByLabel('Email address').evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(temporaryPassword);
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/new-password\?/);
    await page.getByLabel('New password', { exact: true }).fill('weakpass');
    await page.getByLabel('Confirm new password').fill('weakpass');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Change password and sign in' }).click();
    await page.waitForLoadState();
    const policyMessage = await page.getByRole('alert').textContent();

    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Name').press('Enter');
    const firstCallback = await callbackParams(page);
    await context.close();

    // act — Step 05: the application exchanges the code with its secret (Basic).
    const basicExchange = await tokenRequest(
      local.cognito,
      { grant_type: 'authorization_code', code: firstCallback.get('code') as string, redirect_uri: callbackUrl },
      { basic: { id: local.cognito.clientId, secret: local.cognito.clientSecret } },
    );

    // act — a second sign-in in a fresh browser, now with the permanent password; the secret goes in the body.
    const secondState = randomUUID();
    const secondContext = await browser.newContext();
    const secondPage = await secondContext.newPage();
    await secondPage.goto(authorizeUrl(secondState));
    await signIn(secondPage, email, newPassword);
    const secondCallback = await callbackParams(secondPage);
    await secondContext.close();
    const postExchange = await tokenRequest(local.cognito, {
      grant_type: 'authorization_code',
      code: secondCallback.get('code') as string,
      redirect_uri: callbackUrl,
      client_id: local.cognito.clientId,
      client_secret: local.cognito.clientSecret,
    });

    // assert
    expect(policyMessage).toContain('does not meet the password policy');
    expect(policyMessage).toContain('an upper-case letter');
    expect(policyMessage).toContain('a number');
    expect(firstCallback.get('state')).toBe(firstState);
    expect(firstCallback.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(secondCallback.get('state')).toBe(secondState);
    for (const exchange of [basicExchange, postExchange]) {
      expect(exchange.status).toBe(200);
      expect(exchange.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
      expect(typeof exchange.body.refresh_token).toBe('string');
      const idPrincipal = await tokenVerifier.verify(exchange.body.id_token as string);
      const accessPrincipal = await tokenVerifier.verify(`Bearer ${exchange.body.access_token as string}`);
      expect(decodeJwt(exchange.body.id_token as string)).toMatchObject({
        email_verified: false,
        name: 'Ada Lovelace',
      });
      expect(idPrincipal).toMatchObject({ userId: created.User?.Username, email, tokenUse: 'id', groups: [] });
      expect(accessPrincipal).toMatchObject({
        userId: created.User?.Username,
        tokenUse: 'access',
        scopes: ['email', 'openid', 'profile'],
      });
    }
    expect(local.log.text()).not.toContain(newPassword);
    expect(local.log.text()).not.toContain(basicExchange.body.access_token as string);
  });
});

describe('managed login in a real browser: recovery, refusal and a returning session', () => {
  it('resets a forgotten password with the code from the log, then signs in with the new one', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    const newPassword = `Reset-${randomUUID().slice(0, 8)}-7!`;
    const context = await browser.newContext();
    const page = await context.newPage();

    // act
    await page.goto(authorizeUrl(randomUUID()));
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await page.waitForURL(/\/confirmForgotPassword\?/);
    const notice = await page.getByRole('status').textContent();
    await page.getByLabel('Code').fill(local.log.passwordResetCodeFor(email) as string);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/login\?/);
    const confirmation = await page.getByRole('status').textContent();
    await signIn(page, email, newPassword);
    const callback = await callbackParams(page);
    await context.close();

    // assert
    expect(notice).toContain('We have sent a password reset code by email to u***@e***.');
    expect(confirmation).toBe('Your password has been reset. Sign in with your new password.');
    expect(callback.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(local.log.text()).not.toContain(newPassword);
  });

  it('refuses a disabled user with Cognito’s message', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    const sdk = adminClient(local.cognito);
    await sdk.send(new AdminDisableUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    sdk.destroy();
    const context = await browser.newContext();
    const page = await context.newPage();

    // act
    await page.goto(authorizeUrl(randomUUID()));
    await signIn(page, email, STRONG_PASSWORD);
    await page.waitForLoadState();
    const alert = await page.getByRole('alert').textContent();
    const stayed = new URL(page.url()).pathname;
    await context.close();

    // assert
    expect(alert?.trim()).toBe('User is disabled.');
    expect(stayed).toBe('/login');
  });

  it('sends a browser that signed in less than an hour ago straight back to the callback, without the form', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(authorizeUrl(randomUUID()));
    await signIn(page, email, STRONG_PASSWORD);
    const first = await callbackParams(page);
    const secondState = randomUUID();

    // act
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(new URL(frame.url()).pathname);
    });
    await page.goto(authorizeUrl(secondState));
    const second = await callbackParams(page);
    await context.close();

    // assert
    expect(second.get('state')).toBe(secondState);
    expect(second.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.get('code')).not.toBe(first.get('code'));
    expect(navigations).toEqual(['/callback']);
  });
});
