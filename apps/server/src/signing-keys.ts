/**
 * Loads the token signing keys (the issuer's JWKS) and keeps trying until they are in memory.
 *
 * A server whose issuer is unreachable at start still listens: `/health` says it is not ready
 * and requests with a token are answered 503 with `Retry-After`, while the keys are retried in
 * the background with a capped exponential backoff (1 s doubling up to 30 s, each wait shortened
 * by up to a quarter at random, so that many servers started together do not retry in step).
 * Each failed attempt is logged once, at `error`, with the JWKS URI and the cause; the success,
 * once, at `info`. Nothing here holds the process open: the timer is `unref()`ed, and `stop()`
 * ends the retries (an attempt under way finishes within the download's own time limit).
 */
import type { Logger } from 'pino';

export interface SigningKeysBackoff {
  /** The wait after the first failed attempt, in milliseconds; doubled after each further one. */
  readonly initialMs: number;
  /** The longest wait between two attempts, in milliseconds. */
  readonly maxMs: number;
}

export const DEFAULT_SIGNING_KEYS_BACKOFF: SigningKeysBackoff = { initialMs: 1_000, maxMs: 30_000 };

export interface SigningKeysLoaderOptions {
  /** One attempt to load the keys (`CognitoTokenVerifier.hydrate`); rejects when it fails. */
  readonly load: () => Promise<void>;
  /** Where the keys come from, for the log. */
  readonly jwksUri: string;
  readonly logger: Logger;
  readonly backoff?: SigningKeysBackoff;
  /** A number in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
}

export interface SigningKeysLoader {
  /** Whether the keys are in memory. */
  readonly loaded: () => boolean;
  /** Settles (never rejects) once the first attempt is over, whatever its outcome. */
  readonly firstAttempt: Promise<void>;
  /** Ends the retries; an attempt under way is left to finish, and its outcome is ignored. */
  readonly stop: () => void;
}

/** The wait before attempt `failures + 1`: `initialMs · 2^(failures−1)`, at most `maxMs`, less up to a quarter. */
export function retryDelayMs(failures: number, backoff: SigningKeysBackoff, random: number): number {
  const exponential = backoff.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 30);
  return Math.max(1, Math.round(Math.min(backoff.maxMs, exponential) * (1 - 0.25 * random)));
}

/**
 * Why an attempt failed: the download's own message (what the verifier's `SigningKeysNotLoadedError`
 * carries as its cause, e.g. `JWKS download from … failed: fetch failed (connect ECONNREFUSED …)`),
 * without the advice the verifier wraps it in.
 */
function causeOf(error: unknown): string {
  const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * Starts loading at once and retries until the keys are in memory or `stop()` is called.
 *
 * @example
 * const keys = loadSigningKeys({ load: () => verifier.hydrate(), jwksUri: verifier.jwksUri, logger });
 * await keys.firstAttempt; // the server listens either way; `keys.loaded()` says whether it is ready
 */
export function loadSigningKeys(options: SigningKeysLoaderOptions): SigningKeysLoader {
  const { load, jwksUri, logger } = options;
  const backoff = options.backoff ?? DEFAULT_SIGNING_KEYS_BACKOFF;
  const random = options.random ?? Math.random;
  let loaded = false;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async (): Promise<void> => {
    timer = undefined;
    try {
      await load();
    } catch (error) {
      if (stopped) return;
      failures += 1;
      const delayMs = retryDelayMs(failures, backoff, random());
      logger.error(
        { jwksUri, attempt: failures, retryInMs: delayMs },
        `the signing keys at ${jwksUri} could not be loaded: ${causeOf(error)}; retrying in ${formatSeconds(delayMs)} s`,
      );
      timer = setTimeout(() => void attempt(), delayMs);
      timer.unref();
      return;
    }
    if (stopped) return;
    loaded = true;
    logger.info({ jwksUri, attempts: failures + 1 }, 'signing keys loaded, ready');
  };

  const firstAttempt = attempt();
  return {
    loaded: () => loaded,
    firstAttempt,
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** `0.8`, `4`, `30`: seconds to one decimal, without a trailing `.0`. */
function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
