/**
 * How the project's browser tests start Chromium: Debian's build at /usr/bin/chromium driven by
 * playwright-core (Playwright's own browser download cannot work on these machines). Kept in
 * one place so every app's e2e tests launch it the same way. `.ci/run` installs the package
 * with apt when it is missing.
 */
import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';

export const CHROMIUM_EXECUTABLE_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for `chromium.launch` from playwright-core. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: CHROMIUM_EXECUTABLE_PATH,
  args: [...CHROMIUM_ARGS],
  headless: true,
};

/**
 * Launches Debian's Chromium with playwright-core. Fails with the command that installs it
 * when it is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_EXECUTABLE_PATH)) {
    throw new Error(
      `${CHROMIUM_EXECUTABLE_PATH} is missing. Install Debian's Chromium: apt-get update && apt-get install -y chromium`,
    );
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch(chromiumLaunchOptions);
}
