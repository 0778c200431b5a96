/**
 * Cognito's answer to password guessing: after five failed password sign-ins it refuses the
 * user for a while (`NotAuthorizedException: Password attempts exceeded`), one second at
 * first, doubling with each further failure up to about fifteen minutes. Refused attempts do
 * not lengthen the wait. A correct password, or fifteen quiet minutes, starts the count again.
 *
 * Counts live in memory only (a restart forgets them). Names that match no user are counted
 * too, so whether a lockout happens says nothing about whether an account exists.
 */

/** How long lockouts last. */
export interface SignInLockoutSettings {
  /** The first lockout, after the fifth failure; each further failure doubles it. Default 1 s as Cognito; 0 turns lockouts off. */
  readonly firstLockoutMs?: number;
  /** The longest lockout. Default 15 minutes, as Cognito. */
  readonly maxLockoutMs?: number;
}

/** Failed sign-ins allowed before the first lockout. */
export const FAILURES_BEFORE_LOCKOUT = 5;
export const DEFAULT_FIRST_LOCKOUT_MS = 1000;
export const DEFAULT_MAX_LOCKOUT_MS = 15 * 60 * 1000;
/** Without a failure for this long (and no lockout running), the count starts again. */
export const LOCKOUT_RESET_MS = 15 * 60 * 1000;
/** Bounds memory when many different names are tried; the oldest entries go first. */
const MAX_TRACKED = 50_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailureAt: number;
}

function checkDuration(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`signInLockout.${name} must be a number of milliseconds, 0 or more, not ${value}.`);
  }
  return value;
}

/** Counts failed sign-ins per key (a user, or a name that matches none) and says when a key is locked out. */
export class SignInLockout {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #firstMs: number;
  readonly #maxMs: number;

  constructor(now: () => number, settings: SignInLockoutSettings = {}) {
    this.#now = now;
    this.#firstMs = checkDuration('firstLockoutMs', settings.firstLockoutMs ?? DEFAULT_FIRST_LOCKOUT_MS);
    this.#maxMs = checkDuration('maxLockoutMs', settings.maxLockoutMs ?? DEFAULT_MAX_LOCKOUT_MS);
  }

  /** Milliseconds until `key` may try a password again; 0 when it may now. */
  lockedFor(key: string): number {
    const entry = this.#live(key);
    return entry ? Math.max(0, entry.lockedUntil - this.#now()) : 0;
  }

  /** A wrong password (or an unknown name): from the fifth on, `key` is locked out, twice as long each time. */
  recordFailure(key: string): void {
    const now = this.#now();
    const entry = this.#live(key) ?? { failures: 0, lockedUntil: 0, lastFailureAt: now };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const beyond = entry.failures - FAILURES_BEFORE_LOCKOUT;
    if (beyond >= 0 && this.#firstMs > 0) {
      entry.lockedUntil = now + Math.min(this.#maxMs, this.#firstMs * 2 ** Math.min(beyond, 40));
    }
    // Re-inserted so the map stays in order of last failure, oldest first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#trim(now);
  }

  /** The right password: the count starts again. */
  recordSuccess(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#expired(entry, this.#now())) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #expired(entry: Entry, now: number): boolean {
    return entry.lockedUntil <= now && now - entry.lastFailureAt >= LOCKOUT_RESET_MS;
  }

  #trim(now: number): void {
    if (this.#entries.size <= MAX_TRACKED) return;
    for (const [key, entry] of this.#entries) if (this.#expired(entry, now)) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_TRACKED) break;
      this.#entries.delete(key);
    }
  }
}
