/**
 * API Gateway's authorizer result cache: one entry per cache key (the token for a TOKEN
 * authorizer, the identity source values for a REQUEST authorizer), kept for the TTL from the
 * moment the authorizer answered, whatever method later reads it. A TTL of 0 caches nothing.
 * The clock is injectable, so a test can step past the TTL instead of sleeping.
 */

/** How many keys are kept at most; the oldest goes first. */
const MAX_ENTRIES = 10_000;

export class AuthorizerCache<V> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();

  /**
   * @param ttlSeconds 0 to 3600, as API Gateway allows.
   * @param now the clock, epoch milliseconds.
   *
   * @example
   * const cache = new AuthorizerCache<Policy>(300);
   * cache.set(token, policy);
   * cache.get(token) // policy, for 300 s
   */
  constructor(ttlSeconds: number, now: () => number = Date.now) {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > 3600) {
      throw new RangeError(`an authorizer's result TTL is a whole number of seconds from 0 to 3600, got ${ttlSeconds}`);
    }
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
  }

  get enabled(): boolean {
    return this.#ttlMs > 0;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (!this.enabled) return;
    this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
  }
}
