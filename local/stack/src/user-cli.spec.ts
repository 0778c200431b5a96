import { describe, expect, it } from 'vitest';
import { temporaryPassword } from './user-cli.js';

describe('temporaryPassword', () => {
  it('meets Cognito’s default policy and is safe to paste into a shell', () => {
    const passwords = Array.from({ length: 200 }, () => temporaryPassword());

    for (const password of passwords) {
      expect(password).toHaveLength(12);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
      expect(password).not.toMatch(/[$`'"\\\s]/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
