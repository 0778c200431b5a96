/**
 * The contract every `IdempotencyStore` keeps, run against each backend (the in-memory store,
 * DynamoDB on the embedded emulator, DynamoDB Local when a container runtime exists). Every
 * test makes its own owners and keys.
 *
 * @example
 * describeIdempotencyStoreContract('InMemoryIdempotencyStore', () => new InMemoryIdempotencyStore());
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

export interface IdempotencyContractOptions {
  /** A second store over the same storage (another process's client); the subject itself by default. */
  readonly twin?: (subject: IdempotencyStore) => IdempotencyStore | Promise<IdempotencyStore>;
}

const HOUR = 60 * 60 * 1000;

function aRecord(overrides: Partial<IdempotencyRecord> = {}, now = Date.now()): IdempotencyRecord {
  return {
    ownerId: randomUUID(),
    key: `key-${randomUUID()}`,
    fingerprint: 'fingerprint-1',
    reservation: randomUUID(),
    attempt: randomUUID(),
    state: 'in-progress',
    lockedUntil: now + 3_000,
    expiresAt: now + 24 * HOUR,
    ...overrides,
  };
}

export function describeIdempotencyStoreContract(
  name: string,
  makeSubject: () => IdempotencyStore | Promise<IdempotencyStore>,
  options: IdempotencyContractOptions = {},
): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    it('claims a new key, and a repeat finds it in progress, held by the first attempt', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const first = aRecord({}, now);

      const claimed = await store.claim(first, now);
      const repeat = await store.claim({ ...first, attempt: randomUUID(), reservation: randomUUID() }, now);

      expect(claimed).toEqual({ claimed: true, record: first, takenOver: false });
      expect(repeat.claimed).toBe(false);
      expect(repeat.record).toMatchObject({
        state: 'in-progress',
        attempt: first.attempt,
        reservation: first.reservation,
      });
    });

    it('keeps the answer once completed, for every repeat', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const first = aRecord({}, now);
      await store.claim(first, now);

      await store.complete(first.ownerId, first.key, first.attempt, '{"status":201}');
      const repeat = await store.claim({ ...first, attempt: randomUUID() }, now + 60_000);

      expect(repeat.claimed).toBe(false);
      expect(repeat.record).toMatchObject({
        state: 'completed',
        outcome: '{"status":201}',
        fingerprint: 'fingerprint-1',
      });
    });

    it('takes over a claim whose lock has passed, keeping its reservation', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const dead = aRecord({ lockedUntil: now + 1_000 }, now);
      await store.claim(dead, now);
      const later = now + 5_000;
      const retry = aRecord({ ownerId: dead.ownerId, key: dead.key, lockedUntil: later + 3_000 }, later);

      const claim = await store.claim(retry, later);

      expect(claim.claimed).toBe(true);
      expect(claim.claimed && claim.takenOver).toBe(true);
      expect(claim.record).toMatchObject({
        reservation: dead.reservation,
        attempt: retry.attempt,
        state: 'in-progress',
      });
    });

    it('lets only the attempt that holds the record complete or release it', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const dead = aRecord({ lockedUntil: now + 1_000 }, now);
      await store.claim(dead, now);
      const retry = aRecord({ ownerId: dead.ownerId, key: dead.key }, now + 5_000);
      await store.claim(retry, now + 5_000);

      await store.complete(dead.ownerId, dead.key, dead.attempt, '"stale"');
      await store.release(dead.ownerId, dead.key, dead.attempt);
      const seen = await store.claim({ ...retry, attempt: randomUUID() }, now + 6_000);

      expect(seen.claimed).toBe(false);
      expect(seen.record).toMatchObject({ state: 'in-progress', attempt: retry.attempt });
    });

    it('never takes over a key claimed for another request (another fingerprint)', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const first = aRecord({ lockedUntil: now + 1_000 }, now);
      await store.claim(first, now);

      const other = await store.claim({ ...first, fingerprint: 'fingerprint-2', attempt: randomUUID() }, now + 5_000);

      expect(other.claimed).toBe(false);
      expect(other.record.fingerprint).toBe('fingerprint-1');
    });

    it('forgets a released claim: the next one starts afresh', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const first = aRecord({}, now);
      await store.claim(first, now);

      await store.release(first.ownerId, first.key, first.attempt);
      const next = aRecord({ ownerId: first.ownerId, key: first.key }, now);
      const claim = await store.claim(next, now);

      expect(claim).toEqual({ claimed: true, record: next, takenOver: false });
    });

    it('forgets a key after it expires (a moved clock)', async () => {
      const store = await makeSubject();
      const now = Date.now();
      const first = aRecord({}, now);
      await store.claim(first, now);
      await store.complete(first.ownerId, first.key, first.attempt, '"first"');
      const dayLater = now + 25 * HOUR;

      const next = aRecord({ ownerId: first.ownerId, key: first.key, fingerprint: 'fingerprint-2' }, dayLater);
      const claim = await store.claim(next, dayLater);

      expect(claim).toEqual({ claimed: true, record: next, takenOver: false });
    });

    it("keeps one owner's key apart from another's", async () => {
      const store = await makeSubject();
      const now = Date.now();
      const alice = aRecord({}, now);
      const bob = aRecord({ key: alice.key, fingerprint: 'other' }, now);

      await store.claim(alice, now);
      const claim = await store.claim(bob, now);

      expect(claim).toEqual({ claimed: true, record: bob, takenOver: false });
    });

    it('lets exactly one of many concurrent claims of a key through, across store instances', async () => {
      const store = await makeSubject();
      const twin = options.twin ? await options.twin(store) : store;
      const now = Date.now();
      const base = aRecord({}, now);

      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? store : twin).claim({ ...base, attempt: randomUUID(), reservation: randomUUID() }, now),
        ),
      );

      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      const winner = claims.find((c) => c.claimed)?.record;
      for (const claim of claims) expect(claim.record.attempt).toBe(winner?.attempt);
    });

    it('lets exactly one of concurrent takeovers of a dead claim through', async () => {
      const store = await makeSubject();
      const twin = options.twin ? await options.twin(store) : store;
      const now = Date.now();
      const dead = aRecord({ lockedUntil: now + 1_000 }, now);
      await store.claim(dead, now);
      const later = now + 5_000;

      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? store : twin).claim(aRecord({ ownerId: dead.ownerId, key: dead.key }, later), later),
        ),
      );

      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      for (const claim of claims) expect(claim.record.reservation).toBe(dead.reservation);
    });
  });
}
