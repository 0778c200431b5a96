import { ValidationError } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { pageQueryOf } from './page-query.js';

describe('pageQueryOf', () => {
  it('takes each parameter once, as a plain value or a list of one', () => {
    const query: Record<string, unknown> = { limit: '20', nextToken: ['abc'] };

    expect(pageQueryOf((name) => query[name])).toEqual({ limit: '20', nextToken: 'abc' });
    expect(pageQueryOf(() => undefined)).toEqual({ limit: undefined, nextToken: undefined });
  });

  it('refuses a repeated or structured parameter rather than guessing', () => {
    for (const limit of [['1', '2'], { a: '1' }, []]) {
      expect(() => pageQueryOf((name) => (name === 'limit' ? limit : undefined))).toThrow(ValidationError);
    }
  });
});
