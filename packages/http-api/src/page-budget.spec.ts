import type { Note } from '@secure-notes/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_PROXY_BYTES, PROXY_RESULT_PAGE_BUDGET, proxyBodyBytes } from './page-budget.js';

const note = (content: string, title = 'T'): Note => ({
  userId: 'd2f50444-0041-7036-aea2-a955fca33d37',
  noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB',
  title,
  content,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  attachments: [],
  version: 1,
});

describe('proxyBodyBytes', () => {
  it('weighs a value as a proxy result carries its JSON: every quote and backslash escaped again', () => {
    const body = { text: 'a"b\\c\n😀é' };

    const bytes = proxyBodyBytes(body);

    const result = JSON.stringify({ body: JSON.stringify(body) });
    expect(bytes).toBe(Buffer.byteLength(result) - Buffer.byteLength('{"body":""}'));
  });
});

describe('PROXY_RESULT_PAGE_BUDGET', () => {
  it('passes a page exactly when its notes fit in a proxy result, whatever their characters', () => {
    // Any text, with the characters escaping doubles, at sizes around the limit.
    const text = fc.string({ unit: fc.constantFrom('"', '\\', 'a', 'é', '\u0001', '😀'), maxLength: 64 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 200_000 }), (unit, count, times) => {
        const notes = Array.from({ length: count }, () =>
          note(unit.repeat(Math.ceil(times / Math.max(1, unit.length)))),
        );

        expect(PROXY_RESULT_PAGE_BUDGET.fits(notes)).toBe(proxyBodyBytes(notes) <= MAX_PAGE_PROXY_BYTES);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses thirteen notes of 150,000 quotes, which fit a 4 MiB cap on their JSON', () => {
    const notes = Array.from({ length: 13 }, () => note('"'.repeat(150_000)));

    expect(Buffer.byteLength(JSON.stringify(notes))).toBeLessThan(4 * 1024 * 1024);
    expect(PROXY_RESULT_PAGE_BUDGET.fits(notes)).toBe(false);
  });
});
