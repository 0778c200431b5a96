/**
 * `pnpm screenshots`: the app's main pages (a note with files among them) at desktop and phone widths, written to
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

/** The files on "Trip to Lisbon": two uploaded and confirmed, one asked for and not yet uploaded (within the test stack's size limit). */
const FILES = [
  { name: 'boarding-pass.pdf', contentType: 'application/pdf', size: 48_210, upload: true },
  { name: 'tram-28-route.png', contentType: 'image/png', size: 61_952, upload: true },
  { name: 'hotel-booking.pdf', contentType: 'application/pdf', size: 12_112, upload: false },
] as const;

let test: TestStack;

beforeAll(async () => {
  test = await startTestStack({ apiRuntime: 'express' });
});

afterAll(async () => {
  await test?.stack.close();
});

/** Attaches `FILES` to the note as the app does: ask, post the form to the local S3, confirm. */
async function attachFiles(noteId: string, token: string): Promise<void> {
  const api = `${test.stack.baseUrl}/notes/${noteId}/attachments`;
  for (const file of FILES) {
    const asked = await fetch(api, {
      method: 'POST',
      headers: { Authorization: token },
      body: JSON.stringify({ name: file.name, contentType: file.contentType, size: file.size }),
    });
    if (asked.status !== 201) throw new Error(`the API refused ${file.name}: ${asked.status} ${await asked.text()}`);
    const { attachment, upload } = (await asked.json()) as {
      attachment: { attachmentId: string };
      upload: { url: string; fields: Record<string, string> };
    };
    if (!file.upload) continue;
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(file.size)], { type: file.contentType }), file.name);
    const stored = await fetch(upload.url, { method: 'POST', body: form });
    if (!stored.ok) throw new Error(`the local S3 refused ${file.name}: ${stored.status} ${await stored.text()}`);
    await fetch(`${api}/${attachment.attachmentId}/confirm`, { method: 'POST', headers: { Authorization: token } });
  }
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

it('captures the main pages at desktop and phone widths', async () => {
  await mkdir(OUT, { recursive: true });
  const email = 'ada@example.com';
  await createUser(test.stack, email);
  const { id_token } = await signIn(test.stack, email, { password: PASSWORD });
  for (const [title, content] of NOTES) {
    const created = await fetch(`${test.stack.baseUrl}/notes`, {
      method: 'POST',
      headers: { Authorization: id_token },
      body: JSON.stringify({ title, content }),
    });
    if (title === 'Trip to Lisbon') await attachFiles(((await created.json()) as { noteId: string }).noteId, id_token);
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
      // A note with files: ready ones to download or remove, one whose upload has not finished.
      await page.getByRole('link', { name: '← All notes' }).click();
      await page.getByRole('link', { name: 'Trip to Lisbon' }).click();
      await page.getByRole('list', { name: 'Files on this note' }).waitFor();
      await shoot(page, `${width}-attachments`, true);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
