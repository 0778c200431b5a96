import { describe, expect, it } from 'vitest';
import { runUserCli, temporaryPassword } from './user-cli.js';

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

describe('runUserCli', () => {
  // Port 9 (discard) on loopback: nothing of the stack answers there, so a call that reached
  // for Cognito would fail with "cannot reach the local Cognito" instead of the usage.
  const noStack = { COGNITO_ENDPOINT: 'http://127.0.0.1:9' };

  it.each([[['--help']], [['-h']], [['help']], [[]], [['create', '--help']]])(
    'prints its usage for %j without a running stack',
    async (args) => {
      const output = await runUserCli(args, noStack);

      expect(output).toMatch(/^usage:/);
      expect(output).toContain('npm run user -- create <email>');
    },
  );

  it.each([[['create', 'you@example.com']], [['remove', 'you@example.com']], [['create', 'a@b.c', 'A', '--admn']]])(
    'refuses %j with the usage before contacting anything',
    async (args) => {
      await expect(runUserCli(args, noStack)).rejects.toThrow(/^usage:/);
    },
  );
});
