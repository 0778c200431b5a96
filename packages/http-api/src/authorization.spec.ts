import type { Principal } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { requireUnexpiredToken, tokenFromAuthorization } from './authorization.js';
import { toErrorAnswer } from './error-answers.js';

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

describe('requireUnexpiredToken', () => {
  const principal = (expiresAt?: number): Principal => ({
    userId: 'sub-1',
    tokenUse: 'id',
    groups: [],
    scopes: [],
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });

  it('lets a token through until the second of its exp', () => {
    expect(() => requireUnexpiredToken(principal(1_000), 999_999)).not.toThrow();
    expect(() => requireUnexpiredToken(principal(), 999_999_999)).not.toThrow();
  });

  it('refuses it from exp on with the contract’s expired answer', () => {
    let thrown: unknown;
    try {
      requireUnexpiredToken(principal(1_000), 1_000_000);
    } catch (error) {
      thrown = error;
    }

    const answer = toErrorAnswer(thrown);
    expect([answer.status, answer.body]).toEqual([401, { message: 'The incoming token has expired' }]);
  });
});
