import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from './if-match.js';

describe('parseIfMatch', () => {
  it('reads the strong ETag that responses carry', () => {
    expect(parseIfMatch(etagOf(3))).toEqual({ kind: 'version', version: 3 });
    expect(parseIfMatch(' "12" ')).toEqual({ kind: 'version', version: 12 });
  });

  it('accepts a bare version as typed on a command line', () => {
    expect(parseIfMatch('7')).toEqual({ kind: 'version', version: 7 });
  });

  it('lets an absent header or * change any version', () => {
    expect(parseIfMatch(undefined)).toEqual({ kind: 'any' });
    expect(parseIfMatch('*')).toEqual({ kind: 'any' });
  });

  it('never matches a weak, malformed, zero, oversized or listed tag', () => {
    for (const header of ['W/"3"', '"abc"', '""', '', '"0"', '0', '"-1"', '"1.5"', '"3", "4"', '"1234567890123456"']) {
      expect(parseIfMatch(header), header).toEqual({ kind: 'never' });
    }
  });
});
