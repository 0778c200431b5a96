import { describe, expect, it } from 'vitest';
import { tokenFromAuthorization } from './authorization.js';

describe('tokenFromAuthorization', () => {
  it('takes the token raw, as the tutorial sends it, or after Bearer', () => {
    expect(tokenFromAuthorization('eyJ.a.b')).toBe('eyJ.a.b');
    expect(tokenFromAuthorization('Bearer eyJ.a.b')).toBe('eyJ.a.b');
    expect(tokenFromAuthorization('bearer   eyJ.a.b ')).toBe('eyJ.a.b');
  });

  it('finds no token in an absent, empty or spaced header', () => {
    for (const header of [undefined, '', '   ', 'Bearer ', 'Bearer a b', 'Basic dXNlcjpwYXNz']) {
      expect(tokenFromAuthorization(header), String(header)).toBeUndefined();
    }
  });
});
