import type { StorageOptions } from './notes-repository.js';

/**
 * What the store keeps of a request that named an idempotency key: enough to tell a repeat from
 * a reuse, to keep a second attempt out while the first runs, and to answer a repeat as the
 * first request was answered.
 */
export interface IdempotencyRecord {
  /** The caller: keys are per owner, so one owner's key never reveals or blocks another's. */
  readonly ownerId: string;
  readonly key: string;
  /** A digest of the request (method, route, parameters, body): a repeat carries the same. */
  readonly fingerprint: string;
  /**
   * An id the operation reserved when the key was first claimed (the id of the note a keyed
   * create makes, the write id of a keyed update): every attempt of the operation uses it, so
   * an attempt can recognise the work of an earlier one that died.
   */
  readonly reservation: string;
  /** The attempt that holds the record now; only it may complete or release the record. */
  readonly attempt: string;
  readonly state: 'in-progress' | 'completed';
  /** Epoch milliseconds: past this, an in-progress record's attempt is dead and may be taken over. */
  readonly lockedUntil: number;
  /** Epoch milliseconds: past this, the key is forgotten. */
  readonly expiresAt: number;
  /** The recorded answer, opaque to storage; present once completed. */
  readonly outcome?: string;
}

/** What `claim` found. */
export type IdempotencyClaim =
  /** The caller holds the record now: a new one, or one taken over from a dead attempt (`takenOver`). */
  | { readonly claimed: true; readonly record: IdempotencyRecord; readonly takenOver: boolean }
  /** Someone else's: completed, in progress, or another request's (a different fingerprint). */
  | { readonly claimed: false; readonly record: IdempotencyRecord };

/**
 * Where idempotency records live. Operations are atomic: of two concurrent claims of one key
 * exactly one succeeds, on every backend, with or without transactions.
 */
export interface IdempotencyStore {
  /**
   * Claims the key for `record.attempt`: stores `record` when no live record exists (none, or one
   * past `expiresAt`); takes over an in-progress record whose lock has passed (keeping its
   * reservation and fingerprint); otherwise returns the record as it is.
   */
  claim(record: IdempotencyRecord, now: number, options?: StorageOptions): Promise<IdempotencyClaim>;
  /** Records the answer, if `attempt` still holds the record. */
  complete(ownerId: string, key: string, attempt: string, outcome: string, options?: StorageOptions): Promise<void>;
  /** Forgets the record, if `attempt` still holds it and it is in progress (the operation failed and changed nothing it could know). */
  release(ownerId: string, key: string, attempt: string, options?: StorageOptions): Promise<void>;
}
