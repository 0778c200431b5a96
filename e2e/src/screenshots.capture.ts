/**
 * `pnpm screenshots`: the app's main pages at desktop and phone widths, written to
 * docs/screenshots/ for the README. It runs the real stack and the built app in Debian's
 * Chromium, as the browser journeys do, under its own vitest config (e2e/screenshots.config.ts)
 * so that `npm test` never rewrites the docs.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from '@secure-notes/local-cognito/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { createUser, PASSWORD, signIn, startTestStack, type TestStack } from './testing/stack.js';
import { BrowserWatch, signInThroughApp, watchedContext } from './testing/web-browser.js';

const OUT = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const NOTES = [
  ['Reading list', 'The Mythical Man-Month\nA Philosophy of Software Design'],
  ['Trip to Lisbon', 'Tram 28 early, before the crowds. Pastéis in Belém.'],
  ['Groceries', 'Milk, eggs, bread, butter'],
  ['Ideas for the garden', 'Tomatoes along the south wall; basil in pots.'],
] as const;

let test: TestStack;

beforeAll(async () => {
  test = await startTestStack({ apiRuntime: 'express' });
});

afterAll(async () => {
  await test?.stack.close();
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

it('captures the main pages at desktop and phone widths', async () => {
  await mkdir(OUT, { recursive: true });
  const email = 'ada@example.com';
  await createUser(test.stack, email);
  const { id_token } = await signIn(test.stack, email, { password: PASSWORD });
  for (const [title, content] of NOTES) {
    await fetch(`${test.stack.baseUrl}/notes`, {
      method: 'POST',
      headers: { Authorization: id_token },
      body: JSON.stringify({ title, content }),
    });
  }
  const browser = await launchChromium();
  try {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await watchedContext(browser, new BrowserWatch());
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(test.stack.web!.url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await shoot(page, `${width}-welcome`);
      await signInThroughApp(page, { email, password: PASSWORD });
      await page.getByRole('link', { name: 'Groceries' }).waitFor();
      await shoot(page, `${width}-notes`);
      await page.getByRole('link', { name: 'Groceries' }).click();
      await page.getByRole('textbox', { name: 'Note', exact: true }).waitFor();
      await shoot(page, `${width}-note`);
      // A conflict: the same note saved elsewhere first.
      const noteId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      await fetch(`${test.stack.baseUrl}/notes/${noteId}`, {
        method: 'PATCH',
        headers: { Authorization: id_token },
        body: JSON.stringify({ content: 'Milk, eggs, oat milk' }),
      });
      await page.getByRole('textbox', { name: 'Note', exact: true }).fill('Milk, eggs, bread, butter, jam');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('region', { name: 'This note was changed somewhere else' }).waitFor();
      await shoot(page, `${width}-conflict`, true);
      await page.getByRole('button', { name: 'Take theirs' }).click();
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
