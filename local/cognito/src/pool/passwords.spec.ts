import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  generateTemporaryPassword,
  hashPassword,
  invalidPasswordMessage,
  verifyPassword,
} from './passwords.js';

describe('checkPassword', () => {
  it('lists every rule of the default policy that a password breaks', () => {
    // act
    const problems = checkPassword('abc', DEFAULT_PASSWORD_POLICY);

    // assert
    expect(problems.map((problem) => problem.requirement)).toEqual([
      'at least 8 characters',
      'an upper-case letter',
      'a number',
      'a special character such as ! @ # $ % ^ & *',
    ]);
    expect(invalidPasswordMessage(problems)).toBe('Password did not conform with policy: Password not long enough');
  });

  it('accepts a password with every kind of character, and refuses a leading space', () => {
    // act
    const good = checkPassword('Correct-Horse-9', DEFAULT_PASSWORD_POLICY);
    const spaced = checkPassword(' Correct-Horse-9', DEFAULT_PASSWORD_POLICY);

    // assert
    expect(good).toEqual([]);
    expect(spaced.map((problem) => problem.apiMessage)).toEqual(['Password must not begin or end with a space']);
  });
});

describe('hashPassword', () => {
  it('verifies the right password only, with a fresh salt every time', async () => {
    // prepare
    const first = await hashPassword('Correct-Horse-9');
    const second = await hashPassword('Correct-Horse-9');

    // act
    const right = await verifyPassword('Correct-Horse-9', first);
    const wrong = await verifyPassword('Correct-Horse-8', first);
    const malformed = await verifyPassword('Correct-Horse-9', 'plain');

    // assert
    expect([right, wrong, malformed]).toEqual([true, false, false]);
    expect(first).not.toBe(second);
    expect(first).not.toContain('Correct-Horse-9');
    expect(first).toMatch(/^scrypt\$\d+\$8\$1\$/);
  });
});

describe('generateTemporaryPassword', () => {
  it('makes passwords that meet the policy and differ', () => {
    // act
    const passwords = Array.from({ length: 50 }, () => generateTemporaryPassword(DEFAULT_PASSWORD_POLICY));

    // assert
    for (const password of passwords) expect(checkPassword(password, DEFAULT_PASSWORD_POLICY)).toEqual([]);
    expect(new Set(passwords).size).toBe(50);
  });
});
