/**
 * The notes app in Debian's Chromium against the whole local stack, as a person uses it: an
 * invited user signs in through the managed login with the forced password change, writes,
 * pages, edits, attaches a file and downloads and removes it (on Express: the bucket is the same
 * local S3 with either runtime), meets a conflict made in a second browser, deletes, and signs out; a session
 * that expires while a draft is open. On the built app with its real CSP (never bypassed), with
 * no API call routed or stubbed. Throughout: no CSP violation, no token in storage, a URL, the
 * console or the stack's log, the preflights seen where they arrive, and no serious or critical
 * axe-core finding on any page. The full journey runs on Express and on the Lambda runtime with
 * the TOKEN authorizer; the Cognito and REQUEST authorizers get a shorter one
 * (web-journey.authorizers.e2e.spec.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { launchChromium } from '@secure-notes/local-cognito/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  createUser,
  inviteUser,
  PASSWORD,
  type RuntimeChoice,
  startTestStack,
  type TestStack,
} from './testing/stack.js';
import {
  BrowserWatch,
  expectAccessible,
  expectNothingLeaked,
  freshEmail,
  preflightsIn,
  seedNotes,
  signInThroughApp,
  storedText,
  waitPast,
  watchedContext,
} from './testing/web-browser.js';

const FULL: [string, RuntimeChoice][] = [
  ['Express', { apiRuntime: 'express' }],
  ['the Lambda runtime, AUTHORIZER=token', { apiRuntime: 'lambda', authorizer: 'token' }],
];

describe.each(FULL)('the notes app in a browser, %s', (_name, runtime) => {
  let test: TestStack;
  let browser: Browser;
  const watch = new BrowserWatch();
  const findings: string[] = [];

  beforeAll(async () => {
    test = await startTestStack(runtime);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.stack.close();
  });

  it('takes an invited user from the forced password change through writing, paging, a conflict, delete and sign-out', async () => {
    const web = test.stack.web!;
    const email = freshEmail();
    const newPassword = `Notes-${randomUUID().slice(0, 6)}-7!`;
    await inviteUser(test.stack, email, 'Temp-Pass-1!');
    const context = await watchedContext(browser, watch);
    const page = await context.newPage();

    // Sign in: the welcome page, managed login, the forced change, back in the app.
    await page.goto(web.url);
    await expectAccessible(page, 'welcome', findings);
    await signInThroughApp(page, { email, password: 'Temp-Pass-1!', newPassword });
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('No notes yet').waitFor();
    await expectAccessible(page, 'empty list', findings);
    const afterSignIn = await storedText(page);

    // Write one note in the app, over twenty written elsewhere, and page through them.
    await seedNotes(test, email, newPassword, 20);
    await page.getByRole('link', { name: 'New note' }).first().click();
    await expectAccessible(page, 'new note', findings);
    await page.getByLabel('Title').fill('Groceries');
    await page.getByRole('textbox', { name: 'Note', exact: true }).fill('Milk, eggs');
    await page.getByRole('button', { name: 'Save note' }).dblclick();
    await page.getByRole('heading', { name: 'Groceries' }).waitFor();
    await page.getByRole('link', { name: 'Notes', exact: true }).click();
    const list = page.getByRole('list', { name: 'Your notes, newest first' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 15_000 }).toBe(20);
    await expect.poll(() => list.getByRole('link').first().textContent(), { timeout: 15_000 }).toBe('Groceries');
    await expectAccessible(page, 'list', findings);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 15_000 }).toBe(21);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // Edit with If-Match.
    await list.getByRole('link', { name: 'Groceries' }).click();
    await page.getByRole('textbox', { name: 'Note', exact: true }).fill('Milk, eggs, bread');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const noteUrl = page.url();

    // A file, straight to the local S3 and back: attached, ready, downloaded byte for byte, removed.
    if (runtime.apiRuntime === 'express') {
      const objectsBefore = (await test.stack.s3.keys()).length;
      const receipt = Buffer.from(`Receipt ${randomUUID()}\nMilk 1.20\n`);
      await page
        .getByLabel('Attach a file')
        .setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: receipt });
      await page.getByText('“receipt.txt” is attached.').waitFor();
      const files = page.getByRole('list', { name: 'Files on this note' });
      await files.getByText('ready').waitFor();
      await expectAccessible(page, 'note with a file', findings);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        files.getByRole('button', { name: 'Download receipt.txt' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('receipt.txt');
      expect(await readFile(await download.path())).toEqual(receipt);
      expect(page.url()).toBe(noteUrl);
      await files.getByRole('button', { name: 'Remove receipt.txt' }).click();
      await page.getByRole('button', { name: 'Remove file' }).click();
      await page.getByText('No files on this note yet.').waitFor();
      expect((await test.stack.s3.keys()).length).toBe(objectsBefore);
    }

    // A conflict: a second browser saves the same note first.
    const other = await watchedContext(browser, watch);
    const otherPage = await other.newPage();
    await otherPage.goto(noteUrl);
    await signInThroughApp(otherPage, { email, password: newPassword });
    await otherPage.getByRole('textbox', { name: 'Note', exact: true }).fill('Milk only');
    await otherPage.getByRole('button', { name: 'Save changes' }).click();
    await otherPage.getByText('Saved.').waitFor();
    await other.close();

    await page.getByRole('textbox', { name: 'Note', exact: true }).fill('Milk, eggs, bread, butter');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.getByRole('region', { name: 'This note was changed somewhere else' });
    await conflict.waitFor();
    expect(await conflict.getByText('Milk only').isVisible()).toBe(true);
    await expectAccessible(page, 'conflict', findings);
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await page.getByText('Saved.').waitFor();

    // Delete with confirmation.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete note' }).click();
    await page.getByRole('heading', { name: 'Your notes' }).waitFor();
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 15_000 }).toBe(20);
    expect(await list.getByRole('link', { name: 'Groceries' }).count()).toBe(0);

    // Sign out: the refresh token revoked, the managed login's session ended, nothing left to go back to.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const notesAfterGoingBack = await page.getByText('Older note').count();
    const afterSignOut = await storedText(page);
    await context.close();

    expect(watch.grants).toContain('authorization_code');
    expect(watch.urls.some((url) => url.includes('code_challenge_method=S256'))).toBe(true);
    expect(watch.revocations.map((form) => form.get('token_type_hint'))).toEqual(['refresh_token']);
    expect(watch.urls.some((url) => /\/logout\?client_id=[^&]+&logout_uri=/.test(url))).toBe(true);
    expect(notesAfterGoingBack).toBe(0);
    for (const stored of [afterSignIn, afterSignOut]) {
      expect(
        [...watch.tokens].filter((token) => stored.local.includes(token) || stored.session.includes(token)),
      ).toEqual([]);
    }
    expect(afterSignOut.session).not.toContain('secure-notes.draft');
    expect(preflightsIn(test.log.text).length).toBeGreaterThan(0);
    expect(findings).toEqual([]);
    expectNothingLeaked(test, watch);
  });

  it('keeps a draft through an expired session: renewed by the refresh token, or signed in again', async () => {
    const cognito = test.stack.cognito!;
    const webClientId = test.stack.webClientId!;
    const email = freshEmail();
    await createUser(test.stack, email);
    cognito.setTokenLifetimeForTests(webClientId, 2);
    const context = await watchedContext(browser, watch);
    const page = await context.newPage();
    try {
      await page.goto(test.stack.web!.url);
      await signInThroughApp(page, { email, password: PASSWORD });

      // The ID token expires while the person writes; saving renews it first.
      await page.getByRole('link', { name: 'New note' }).first().click();
      await page.getByLabel('Title').fill('Written slowly');
      await waitPast(watch.lastIdTokenExpiry());
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByRole('heading', { name: 'Written slowly' }).waitFor();
      expect(watch.grants.at(-1)).toBe('refresh_token');

      // The refresh token is revoked too: the app sends the person to sign in, and the draft waits.
      await page.getByRole('link', { name: 'New note' }).first().click();
      await page.getByLabel('Title').fill('Still here');
      await page.getByRole('textbox', { name: 'Note', exact: true }).fill('after signing in again');
      const admin = adminClient(test.stack);
      await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.userPoolId, Username: email }));
      admin.destroy();
      await waitPast(watch.lastIdTokenExpiry());
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.waitForURL((url) => url.pathname === '/new' && url.search === '');
      if (await page.getByLabel('Email address').count()) {
        await page.getByLabel('Email address').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      await page.getByText('Your unsaved draft is back.').waitFor();
      expect(await page.getByRole('textbox', { name: 'Note', exact: true }).inputValue()).toBe(
        'after signing in again',
      );
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByRole('heading', { name: 'Still here' }).waitFor();
    } finally {
      cognito.setTokenLifetimeForTests(webClientId, 3600);
      await context.close();
    }
    expectNothingLeaked(test, watch);
  });
});
