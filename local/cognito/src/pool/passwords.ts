/**
 * Passwords: Cognito's default policy, and how they are kept. Hashes use scrypt with a random
 * salt and are compared in constant time; nothing here ever logs or returns a password.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** The user pool's password policy, as `DescribeUserPool` reports it. */
export interface PasswordPolicy {
  readonly MinimumLength: number;
  readonly RequireUppercase: boolean;
  readonly RequireLowercase: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireSymbols: boolean;
  readonly TemporaryPasswordValidityDays: number;
}

/** Cognito's default: 8+ characters with an upper-case letter, a lower-case letter, a digit and a symbol. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The characters Cognito counts as symbols (the space counts too, but not at either end). */
export const PASSWORD_SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/** One unmet rule: the API's wording (`apiMessage`) and a sentence for people (`requirement`). */
export interface PasswordProblem {
  readonly apiMessage: string;
  readonly requirement: string;
}

/** Every rule of `policy` that `password` breaks, in Cognito's order; empty when it conforms. */
export function checkPassword(password: string, policy: PasswordPolicy): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.MinimumLength) {
    problems.push({
      apiMessage: 'Password not long enough',
      requirement: `at least ${policy.MinimumLength} characters`,
    });
  }
  if (policy.RequireLowercase && !/[a-z]/.test(password)) {
    problems.push({ apiMessage: 'Password must have lowercase characters', requirement: 'a lower-case letter' });
  }
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) {
    problems.push({ apiMessage: 'Password must have uppercase characters', requirement: 'an upper-case letter' });
  }
  if (policy.RequireNumbers && !/[0-9]/.test(password)) {
    problems.push({ apiMessage: 'Password must have numeric characters', requirement: 'a number' });
  }
  if (policy.RequireSymbols && ![...password.trim()].some((c) => PASSWORD_SYMBOLS.includes(c))) {
    problems.push({
      apiMessage: 'Password must have symbol characters',
      requirement: 'a special character such as ! @ # $ % ^ & *',
    });
  }
  if (password.length > 0 && password.trim() !== password) {
    problems.push({
      apiMessage: 'Password must not begin or end with a space',
      requirement: 'no space at the start or the end',
    });
  }
  if (password.length > 256) {
    problems.push({ apiMessage: 'Password is too long', requirement: 'at most 256 characters' });
  }
  return problems;
}

/** The message of Cognito's `InvalidPasswordException` for the first broken rule. */
export function invalidPasswordMessage(problems: readonly PasswordProblem[]): string {
  return `Password did not conform with policy: ${problems[0]?.apiMessage ?? 'Password is not valid'}`;
}

// scrypt cost: N=2^15 takes tens of milliseconds, slow enough to make guessing expensive while
// keeping sign-in in tests quick. The parameters are stored with the hash so they can change.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/** A self-describing scrypt hash: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of nothing anyone knows, checked when a user does not exist so that the answer takes
// as long as for a wrong password (no user enumeration by timing).
let decoyHash: Promise<string> | undefined;

/** Spends the same time as `verifyPassword` and returns false. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await decoyHash);
  return false;
}

/** A temporary password that meets `policy`, like the ones Cognito generates for invited users. */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lower = 'abcdefghijkmnopqrstuvwxyz';
  const digits = '23456789';
  const symbols = '!#%&*+-=?@^_~';
  const all = upper + lower + digits + symbols;
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] as string;
  const chars = [pick(upper), pick(lower), pick(digits), pick(symbols)];
  while (chars.length < Math.max(12, policy.MinimumLength)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
