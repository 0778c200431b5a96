/**
 * Driving the notes app in Debian's Chromium for the browser journeys, and watching what a
 * person cannot see: every Content Security Policy violation (reported from the page through a
 * binding; the CSP is never bypassed), every URL the browser requested, every console line, and
 * every token the token endpoint handed out, so a test can check that none of them leaked into
 * storage, a URL or a log. API calls are never routed or stubbed.
 */

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { signIn, type TestStack } from './stack.js';

export interface CspViolation {
  readonly documentURI: string;
  readonly violatedDirective: string;
  readonly blockedURI: string;
}

/** What the browser did, across every page and context of a run. */
export class BrowserWatch {
  readonly cspViolations: CspViolation[] = [];
  readonly urls: string[] = [];
  readonly consoleLines: string[] = [];
  /** Every ID, access and refresh token the token endpoint answered with. */
  readonly tokens = new Set<string>();
  /** The grant types sent to the token endpoint, in order. */
  readonly grants: string[] = [];
  /** Form bodies of the revocation requests. */
  readonly revocations: URLSearchParams[] = [];

  /** The claims of the last ID token handed out. */
  lastIdTokenClaims(): { sub?: string; exp?: number } | undefined {
    const idTokens = [...this.tokens].filter((token) => token.split('.').length === 3);
    const last = idTokens.at(-1);
    if (last === undefined) return undefined;
    return JSON.parse(Buffer.from(last.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: string;
      exp?: number;
    };
  }

  /** The expiry (epoch seconds) of the last ID token handed out. */
  lastIdTokenExpiry(): number | undefined {
    return this.lastIdTokenClaims()?.exp;
  }

  /** Where any token turned up: in a requested URL or a console line. */
  leaks(): string[] {
    const places = [...this.urls.map((url) => `URL ${url}`), ...this.consoleLines.map((line) => `console: ${line}`)];
    return places.filter((place) => [...this.tokens].some((token) => place.includes(token)));
  }
}

/** Runs in every page before its own scripts (as DevTools does, so the page's CSP does not apply to it). */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation({ documentURI: event.documentURI, violatedDirective: event.violatedDirective, blockedURI: event.blockedURI });
});`;

/** A fresh browser context (its own cookies and storage) whose pages report to `watch`. */
export async function watchedContext(browser: Browser, watch: BrowserWatch): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.exposeBinding('reportCspViolation', (_source, violation: CspViolation) => {
    watch.cspViolations.push(violation);
  });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  context.on('request', (request) => {
    watch.urls.push(request.url());
    if (request.method() === 'POST' && request.url().endsWith('/oauth2/token')) {
      watch.grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '');
    }
    if (request.method() === 'POST' && request.url().endsWith('/oauth2/revoke')) {
      watch.revocations.push(new URLSearchParams(request.postData() ?? ''));
    }
  });
  context.on('response', async (response) => {
    if (!response.url().endsWith('/oauth2/token') || response.status() !== 200) return;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    for (const name of ['id_token', 'access_token', 'refresh_token']) {
      if (typeof body[name] === 'string') watch.tokens.add(body[name]);
    }
  });
  context.on('console', (message) => watch.consoleLines.push(message.text()));
  return context;
}

/** Everything in the page's localStorage and sessionStorage, as text. */
export async function storedText(page: Page): Promise<{ local: string; session: string }> {
  return (await page.evaluate(
    '({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) })',
  )) as { local: string; session: string };
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`)) as { id: string; impact: string | null; targets: string[] }[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}) at ${violation.targets.join(', ')}`);
}

/**
 * From the app's welcome page through the managed login (and its forced password change, when
 * `newPassword` is given) back to the signed-in app, on the page it was opened on.
 */
export async function signInThroughApp(
  page: Page,
  credentials: { email: string; password: string; newPassword?: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (credentials.newPassword !== undefined) {
    await page.waitForURL(/\/new-password\?/);
    await page.getByLabel('New password', { exact: true }).fill(credentials.newPassword);
    await page.getByLabel('Confirm new password').fill(credentials.newPassword);
    await page.getByRole('button', { name: 'Change password and sign in' }).click();
  }
  // Back in the app, on the page the person set out from.
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Lines of the stack's log that record a CORS preflight answered with 204. */
export function preflightsIn(logText: string): string[] {
  return logText.split('\n').filter((line) => /"msg":"OPTIONS [^"]* 204"/.test(line));
}

export function freshEmail(): string {
  return `web-${randomUUID().slice(0, 8)}@example.com`;
}

/** Seeds notes through the API as another client of the same user would. */
export async function seedNotes(test: TestStack, email: string, password: string, count: number): Promise<void> {
  const { id_token } = await signIn(test.stack, email, { password });
  for (let index = 1; index <= count; index += 1) {
    const answer = await fetch(`${test.stack.baseUrl}/notes`, {
      method: 'POST',
      headers: { Authorization: id_token },
      body: JSON.stringify({ title: `Older note ${index}`, content: 'seeded' }),
    });
    expect(answer.status).toBe(201);
  }
}

export async function expectAccessible(page: Page, what: string, findings: string[]): Promise<void> {
  for (const finding of await seriousAxeViolations(page)) findings.push(`${what}: ${finding}`);
}

/** Every check that holds for a whole run, whatever the journey. */
export function expectNothingLeaked(test: TestStack, watch: BrowserWatch): void {
  expect(watch.tokens.size).toBeGreaterThan(0);
  expect(watch.cspViolations).toEqual([]);
  expect(watch.leaks()).toEqual([]);
  const log = test.log.text;
  expect([...watch.tokens].filter((token) => log.includes(token))).toEqual([]);
}

/** Waits until a moment given in epoch seconds has passed (a token's `exp`). */
export async function waitPast(epochSeconds: number | undefined): Promise<void> {
  if (epochSeconds === undefined) throw new Error('no ID token was handed out');
  const wait = epochSeconds * 1000 - Date.now() + 1000;
  if (wait > 0) await delay(wait);
}

/** The focused element's accessible label or text, and whether a focus ring is drawn around it. */
async function focused(page: Page): Promise<{ name: string; ring: boolean }> {
  return (await page.evaluate(`(() => {
    const element = document.activeElement;
    const label = element && element.labels && element.labels[0] ? element.labels[0].textContent : '';
    const style = element ? getComputedStyle(element) : undefined;
    return {
      name: (label || (element ? element.textContent : '') || '').trim(),
      ring: style !== undefined && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  })()`)) as { name: string; ring: boolean };
}

/** Presses Tab until the element named `name` has focus; every stop on the way must show a focus ring. */
async function tabTo(page: Page, name: string, ringless: string[]): Promise<void> {
  for (let stop = 0; stop < 15; stop += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now.ring) ringless.push(now.name);
    if (now.name === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/**
 * Writes a note with the keyboard alone, from the list: Tab to "New note", Enter, the two
 * fields, Tab to "Save note", Enter. Returns the focus stops that showed no focus ring.
 */
export async function writeNoteWithKeyboard(page: Page, title: string, content: string): Promise<string[]> {
  const ringless: string[] = [];
  await tabTo(page, 'New note', ringless);
  await page.keyboard.press('Enter');
  await page.getByLabel('Title').waitFor();
  await tabTo(page, 'Title', ringless);
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await page.keyboard.type(content);
  await tabTo(page, 'Save note', ringless);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: title }).waitFor();
  return ringless;
}
