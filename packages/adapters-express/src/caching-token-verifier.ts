/**
 * Verifying a Cognito JWT costs a signature check on every request. API Gateway's authorizer
 * caches its answer per token; this decorator does the same for any `TokenVerifier`: a bounded
 * LRU keyed by the whole token, each entry living no longer than the token itself (its `exp`,
 * carried as `Principal.expiresAt`), and never longer than `maxTtlSeconds`. Failures are not
 * cached, so a token that failed for a passing reason (keys not yet fetched) is checked afresh.
 */
import type { Principal, TokenVerifier } from '@secure-notes/domain';
import { LRUCache } from 'lru-cache';

export interface CachingTokenVerifierOptions {
  /** How many verified tokens to keep; the least recently used goes first. Default 10,000. */
  readonly max?: number;
  /** An upper bound on an entry's life, whatever the token's `exp`. Default 300 (API Gateway's default). */
  readonly maxTtlSeconds?: number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  readonly now?: () => number;
}

export const DEFAULT_TOKEN_CACHE_MAX = 10_000;
export const DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS = 300;

/**
 * A `TokenVerifier` that remembers what another one verified.
 *
 * @example
 * const verifier = new CachingTokenVerifier(new CognitoTokenVerifier(config), { max: 5_000 });
 * await verifier.verify(token); // checks the signature
 * await verifier.verify(token); // served from memory until the token expires
 */
export class CachingTokenVerifier implements TokenVerifier {
  readonly #inner: TokenVerifier;
  readonly #now: () => number;
  readonly #maxTtlMs: number;
  readonly #cache: LRUCache<string, Principal>;
  /** Verifications under way, so that a burst of requests with one new token checks it once. */
  readonly #pending = new Map<string, Promise<Principal>>();

  constructor(inner: TokenVerifier, options: CachingTokenVerifierOptions = {}) {
    const max = options.max ?? DEFAULT_TOKEN_CACHE_MAX;
    const maxTtlSeconds = options.maxTtlSeconds ?? DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS;
    if (!Number.isInteger(max) || max < 1) throw new Error(`token cache max must be a positive integer, got ${max}`);
    if (!(maxTtlSeconds > 0)) throw new Error(`token cache maxTtlSeconds must be positive, got ${maxTtlSeconds}`);
    this.#inner = inner;
    this.#now = options.now ?? Date.now;
    this.#maxTtlMs = maxTtlSeconds * 1000;
    this.#cache = new LRUCache<string, Principal>({
      max,
      // Read the clock on every check rather than once per millisecond: exact, and cheap.
      ttlResolution: 0,
      perf: { now: this.#now },
    });
  }

  /** How many tokens are cached now (for metrics and tests). */
  get size(): number {
    return this.#cache.size;
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.#cache.get(token);
    if (cached !== undefined) {
      // The LRU's TTL already ends the entry at `exp`; this check keeps that true even if
      // the two clocks disagree by a millisecond.
      if (cached.expiresAt !== undefined && cached.expiresAt * 1000 > this.#now()) return cached;
      this.#cache.delete(token);
    }
    const pending = this.#pending.get(token);
    if (pending) return pending;
    const verification = this.#verifyAndRemember(token);
    this.#pending.set(token, verification);
    try {
      return await verification;
    } finally {
      this.#pending.delete(token);
    }
  }

  async #verifyAndRemember(token: string): Promise<Principal> {
    const principal = await this.#inner.verify(token);
    // A principal with no known end is not kept: nothing would bound its life but our guess.
    if (principal.expiresAt !== undefined) {
      const ttl = Math.min(this.#maxTtlMs, principal.expiresAt * 1000 - this.#now());
      if (ttl >= 1) this.#cache.set(token, principal, { ttl: Math.floor(ttl) });
    }
    return principal;
  }
}
