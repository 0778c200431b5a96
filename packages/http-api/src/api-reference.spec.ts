import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from './api-reference.js';

describe('docs/api.md', () => {
  it('is the reference rendered from the contract as it is now (run `pnpm docs:api` after changing the contract)', () => {
    const committed = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');

    expect(committed).toBe(renderApiReference());
  });
});
