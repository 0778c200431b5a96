/**
 * The six-digit codes Cognito mails (sign-up confirmation, password reset, email
 * verification). Only a hash is kept; a code is checked in constant time, lives a fixed time,
 * and stops working after five wrong tries, so it cannot be guessed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { newConfirmationCode } from '../ids.js';
import type { StoredCode } from './storage.js';

/** Wrong tries allowed; the fifth makes the code useless until a new one is sent. */
export const MAX_CODE_ATTEMPTS = 5;

/** How long each kind of code works, as Cognito's do. */
export const CODE_LIFETIMES_MS = {
  signUp: 24 * 60 * 60 * 1000,
  passwordReset: 60 * 60 * 1000,
  emailVerification: 24 * 60 * 60 * 1000,
} as const;

function hash(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A new code, and what to store of it.
 *
 * @example
 * const { code, stored } = newCode(Date.now(), CODE_LIFETIMES_MS.passwordReset);
 * user.passwordReset = stored; // mail `code`, keep `stored`
 */
export function newCode(now: number, lifetimeMs: number): { code: string; stored: StoredCode } {
  const code = newConfirmationCode();
  return { code, stored: { codeHash: hash(code), expiresAt: now + lifetimeMs } };
}

/** What a try of a code came to; a wrong try is counted on `stored`. */
export type CodeCheck = 'right' | 'wrong' | 'expired' | 'too-many-attempts';

/**
 * Checks `code` against `stored`, counting a wrong try. From the fifth wrong try on, even the
 * right code is `too-many-attempts`.
 *
 * @example
 * if (checkCode(user.passwordReset, '123456', Date.now()) === 'right') resetPassword();
 */
export function checkCode(stored: StoredCode, code: string | undefined, now: number): CodeCheck {
  if ((stored.failedAttempts ?? 0) >= MAX_CODE_ATTEMPTS) return 'too-many-attempts';
  if (!code || !sameHash(stored.codeHash, hash(code.trim()))) {
    stored.failedAttempts = (stored.failedAttempts ?? 0) + 1;
    return stored.failedAttempts >= MAX_CODE_ATTEMPTS ? 'too-many-attempts' : 'wrong';
  }
  return stored.expiresAt < now ? 'expired' : 'right';
}
