/**
 * The notes app in Debian's Chromium on the Lambda runtime behind the Cognito and the REQUEST
 * authorizers: a shorter run than web-journey.e2e.spec.ts (an admin signs in, writes a note with
 * the keyboard alone, finds it in the admin view, reads and deletes it) and an authorizer's
 * refusal, the gateway's own answer, read by the page across origins. The same watch: no CSP
 * violation, no token in storage, a URL, the console or the stack's log; no serious axe-core
 * finding on the admin view.
 */
import { launchChromium } from '@secure-notes/local-cognito/testing';
import { banner } from '@secure-notes/local-stack';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, PASSWORD, type RuntimeChoice, startTestStack, type TestStack } from './testing/stack.js';
import {
  BrowserWatch,
  expectNothingLeaked,
  freshEmail,
  preflightsIn,
  seriousAxeViolations,
  signInThroughApp,
  watchedContext,
  writeNoteWithKeyboard,
} from './testing/web-browser.js';

const SHORT: [string, RuntimeChoice][] = [
  ['AUTHORIZER=cognito', { apiRuntime: 'lambda', authorizer: 'cognito' }],
  ['AUTHORIZER=request', { apiRuntime: 'lambda', authorizer: 'request' }],
];

describe.each(SHORT)('the notes app in a browser, the Lambda runtime, %s', (_name, runtime) => {
  let test: TestStack;
  let browser: Browser;
  const watch = new BrowserWatch();

  beforeAll(async () => {
    test = await startTestStack(runtime);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.stack.close();
  });

  it('signs in an admin, writes a note with the keyboard alone, finds it in the admin view, reads and deletes it, and reads a gateway error across origins', async () => {
    const email = freshEmail();
    await createUser(test.stack, email, { admin: true });
    const context = await watchedContext(browser, watch);
    const page = await context.newPage();

    expect(banner(test.stack)).toContain(`Web app        ${test.stack.web!.url}`);
    await page.goto(test.stack.web!.url);
    await signInThroughApp(page, { email, password: PASSWORD });
    const withoutFocusRing = await writeNoteWithKeyboard(page, 'Quick note', 'short run');
    // A member of admin also has the admin view: any user's notes by their sub, read-only.
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel('User id (the sub claim)').fill(watch.lastIdTokenClaims()?.sub ?? '');
    await page.getByRole('button', { name: 'Show notes' }).click();
    await page
      .getByRole('list', { name: /^Notes of / })
      .getByText('Quick note')
      .waitFor();
    const adminViewFindings = await seriousAxeViolations(page);
    await page.getByRole('link', { name: 'Notes', exact: true }).click();
    await page.getByRole('link', { name: 'Quick note' }).click();
    expect(await page.getByRole('textbox', { name: 'Note', exact: true }).inputValue()).toBe('short run');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete note' }).click();
    await page.getByText('No notes yet').waitFor();
    // The authorizer's refusal is the gateway's own answer; the page can read it only if it carries CORS headers.
    const gatewayError = await page.evaluate(async (url) => {
      const answer = await fetch(url, { headers: { Authorization: 'not-a-token' } });
      return { status: answer.status, body: await answer.json() };
    }, `${test.stack.baseUrl}/notes`);
    await context.close();

    expect(withoutFocusRing).toEqual([]);
    expect(adminViewFindings).toEqual([]);
    expect(gatewayError).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(preflightsIn(test.log.text).length).toBeGreaterThan(0);
    expectNothingLeaked(test, watch);
  });
});
