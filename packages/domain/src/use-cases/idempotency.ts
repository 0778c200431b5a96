/**
 * Safe retries: a client that names an operation with an idempotency key (the IETF httpapi
 * draft's `Idempotency-Key`, AWS's `ClientToken`) may send it again after a lost answer, and the
 * operation happens once. The first request with a key claims it and does the work; a repeat of
 * the same request gets the first answer, changing nothing; while the first is still running a
 * repeat is refused (it can try again shortly); the same key with another request is refused.
 *
 * The first attempt may die after doing its work but before recording its answer (a timed-out
 * write that storage applied anyway). So a claim holds its key only until the request's
 * deadline; a later attempt takes the key over and does the work again with the same
 * reservation, which lets the use case recognise the earlier attempt's work (a keyed create's
 * note id, a keyed update's write id) instead of doing it twice. An answer that says the server
 * failed (a 5xx) is never recorded, and the key is not released either: a storage failure does
 * not prove that nothing was written (a write can be applied while its answer is lost), so the
 * claim keeps its key until the request's deadline. A retry before then is told to come back
 * (409 with Retry-After); after it, the retry takes the key over with the same reservation and
 * finds the work done, or does it. This holds on storage without transactions (the embedded
 * emulator has none), because every step is one conditional write of one record.
 */
import { IdempotencyInProgressError, IdempotencyKeyReusedError, ValidationError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

/** Keys are forgotten after a day, as Stripe does. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** What the keyed work tells the one who runs it. */
export interface IdempotentAttempt {
  /** The id reserved for the operation when its key was first claimed. */
  readonly reservation: string;
  /** Whether an earlier attempt held the key and died: its work may be done already. */
  readonly retried: boolean;
}

/** What the keyed work returns: its answer, opaque here, and whether it may be recorded. */
export interface IdempotentOutcome {
  readonly outcome: string;
  /**
   * False when the work changed nothing and its answer is not to be kept: the key is released
   * at once. Work that fails in a way that may have changed something throws instead.
   */
  readonly record: boolean;
}

export interface IdempotentResult {
  readonly outcome: string;
  /** True when this is the first request's recorded answer, given again. */
  readonly replayed: boolean;
}

/**
 * Checks an idempotency key: 1 to 255 printable ASCII characters.
 *
 * @example
 * parseIdempotencyKey('order-2026-11-30-001') // 'order-2026-11-30-001'
 */
export function parseIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !PRINTABLE_ASCII.test(key)) {
    throw new ValidationError([
      { field: 'Idempotency-Key', message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters` },
    ]);
  }
  return key;
}

export class Idempotency {
  readonly #store: IdempotencyStore;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #ttlMs: number;

  constructor(store: IdempotencyStore, clock: Clock, ids: IdGenerator, options: { readonly ttlMs?: number } = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#ids = ids;
    this.#ttlMs = options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS;
  }

  /**
   * Runs `work` once for the caller's key, or answers as the first request with the key did.
   *
   * @param deadline epoch milliseconds: the request's deadline, which also bounds the claim.
   * @example
   * const { outcome, replayed } = await idempotency.run(ownerId, key, fingerprint, deadline, async ({ reservation }) => ...);
   */
  async run(
    ownerId: string,
    key: string,
    fingerprint: string,
    deadline: number,
    work: (attempt: IdempotentAttempt) => Promise<IdempotentOutcome>,
  ): Promise<IdempotentResult> {
    parseIdempotencyKey(key);
    const now = this.#clock.now().getTime();
    const attempt = this.#ids.next();
    const wanted: IdempotencyRecord = {
      ownerId,
      key,
      fingerprint,
      reservation: this.#ids.next(),
      attempt,
      state: 'in-progress',
      lockedUntil: deadline,
      expiresAt: now + this.#ttlMs,
    };
    const claim = await this.#store.claim(wanted, now, { deadline });
    if (!claim.claimed) {
      const { record } = claim;
      if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === 'completed' && record.outcome !== undefined)
        return { outcome: record.outcome, replayed: true };
      throw new IdempotencyInProgressError(Math.max(1, Math.ceil((record.lockedUntil - now) / 1000)));
    }
    // Work that throws leaves its claim as it is: the failed work may have been applied (a write
    // whose answer was lost). The claim ends at the deadline, and a retry then takes it over with
    // the same reservation.
    const result = await work({ reservation: claim.record.reservation, retried: claim.takenOver });
    if (result.record) {
      // Done is done: if the answer cannot be recorded now, the key's lock still ends at the
      // deadline, and a retry then recognises the work by its reservation.
      await this.#store.complete(ownerId, key, attempt, result.outcome, { deadline }).catch(() => {});
    } else {
      await this.#store.release(ownerId, key, attempt, { deadline }).catch(() => {});
    }
    return { outcome: result.outcome, replayed: false };
  }
}
