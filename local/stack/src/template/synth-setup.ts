/**
 * The test run's global setup (vitest `globalSetup` of the int and e2e projects): the template of
 * each mode, with the context the local stacks under test use, is synthesized once before any
 * test file starts, or found unchanged in the cache. Test files then read it without waiting on
 * each other, and the time synthesis took is printed once. Without the bundles there is nothing
 * to synthesize from: it says so, and the test files that need a template fail with the command
 * that builds them.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localSynthContext } from './local-context.js';
import { MODE_BUNDLES, synthesizedTemplate, type TemplateMode } from './synth-cache.js';

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

export default async function setup(): Promise<void> {
  // The container's too: its task definition configures every Express-runtime stack under test.
  const modes: TemplateMode[] = ['cognito', 'token', 'request', 'container'];
  const missing = modes
    .flatMap((mode) => MODE_BUNDLES[mode])
    .filter((b) => !existsSync(join(repositoryRoot, b, 'index.mjs')));
  if (missing.length > 0) {
    process.stdout.write(`[templates] not synthesized: the Lambda bundles are missing (run \`pnpm build:lambdas\`)\n`);
    return;
  }
  const started = performance.now();
  const made: string[] = [];
  for (const mode of modes) {
    const template = await synthesizedTemplate({ mode, repositoryRoot, context: localSynthContext([]) });
    made.push(
      `${mode} ${template.synthesized ? `synthesized in ${(template.synthMs / 1000).toFixed(1)} s` : 'reused'}`,
    );
  }
  process.stdout.write(
    `[templates] ${made.join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s in all)\n`,
  );
}
