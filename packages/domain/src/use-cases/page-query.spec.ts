import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { DEFAULT_PAGE_LIMIT, parseLimit } from './page-query.js';

describe('parseLimit', () => {
  it('defaults to 50', () => {
    expect(parseLimit(undefined)).toBe(DEFAULT_PAGE_LIMIT);
  });

  it.each([
    ['1', 1],
    ['100', 100],
    [7, 7],
  ])('accepts %s', (raw, expected) => {
    expect(parseLimit(raw)).toBe(expected);
  });

  it.each(['0', '101', '-1', '1.5', 'ten', '', ' 5', '5abc', 0, 2.5])('rejects %j', (raw) => {
    expect(() => parseLimit(raw)).toThrow(ValidationError);
  });
});
