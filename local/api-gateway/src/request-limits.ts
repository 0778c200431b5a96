/**
 * The two limits in front of a deployed stage, emulated so that a client meets locally the 429s
 * it will meet on AWS:
 *
 * - the stage's throttling (`StageThrottle`): API Gateway's token bucket, `burstLimit` tokens
 *   refilled at `rateLimit` per second, one token per request, whoever sends it. Written here
 *   because it is a bucket of a few lines with a clock the tests move, and rate-limiter-flexible
 *   (which the project uses for windows) has no token bucket;
 * - an AWS WAF rate-based rule keyed by source address (`AddressRateRule`): at most `limit`
 *   requests per address in each `windowSeconds`, counted in fixed windows by
 *   rate-limiter-flexible (WAF counts over a sliding window, re-evaluated every few seconds: a
 *   fixed window lets a client through as often, at slightly different moments).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** The stage's throttling, as `MethodSettings` deploy it. */
export interface ThrottleSettings {
  /** Requests per second the bucket refills. */
  readonly rateLimit: number;
  /** The bucket's size: how many requests may arrive at once. */
  readonly burstLimit: number;
}

/** A WAF rate-based rule by source address. */
export interface AddressRateLimitSettings {
  /** Requests one address may send in a window (WAF: at least 10). */
  readonly limit: number;
  /** The window (WAF: 60, 120, 300 or 600 seconds). */
  readonly windowSeconds: number;
}

export class StageThrottle {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(settings: ThrottleSettings, now: () => number) {
    if (!(settings.rateLimit > 0) || !(settings.burstLimit >= 1)) {
      throw new Error(
        `throttle needs a rateLimit above 0 and a burstLimit of at least 1, got ${settings.rateLimit} and ${settings.burstLimit}`,
      );
    }
    this.#rate = settings.rateLimit;
    this.#burst = settings.burstLimit;
    this.#now = now;
    this.#tokens = settings.burstLimit;
    this.#at = now();
  }

  /** Takes a token; false when the bucket is empty (the request is throttled). */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export class AddressRateRule {
  readonly settings: AddressRateLimitSettings;
  readonly #limiter: RateLimiterMemory;

  constructor(settings: AddressRateLimitSettings) {
    if (!Number.isInteger(settings.limit) || settings.limit < 1) {
      throw new Error(`addressRateLimit.limit must be a whole number of at least 1, got ${settings.limit}`);
    }
    if (!Number.isInteger(settings.windowSeconds) || settings.windowSeconds < 1) {
      throw new Error(
        `addressRateLimit.windowSeconds must be a whole number of at least 1, got ${settings.windowSeconds}`,
      );
    }
    this.settings = settings;
    this.#limiter = new RateLimiterMemory({ points: settings.limit, duration: settings.windowSeconds });
  }

  /** Counts one request from `address`; false once it is over the limit for this window. */
  async allows(address: string): Promise<boolean> {
    try {
      await this.#limiter.consume(address);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}
