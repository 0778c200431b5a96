#!/usr/bin/env node
/**
 * `pnpm screenshots`: runs e2e/src/screenshots.capture.ts under its own vitest config, which
 * writes the app's pictures to docs/screenshots/. A script of its own, because that config is
 * not one of the test projects: `npm test` must never rewrite the docs.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const vitest = resolve(root, 'node_modules', '.bin', 'vitest');
const result = spawnSync(vitest, ['run', '--config', 'e2e/screenshots.config.ts'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
