import { describe, expect, it, vi } from 'vitest';
import { IdempotencyInProgressError, IdempotencyKeyReusedError, ValidationError } from '../errors.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import { sequentialIds } from '../testing/fixtures.js';
import { Idempotency, parseIdempotencyKey } from './idempotency.js';

/** A tiny store with the contract's semantics, so the service is tested on its own. */
function memoryStore(): IdempotencyStore {
  const records = new Map<string, Parameters<IdempotencyStore['claim']>[0]>();
  return {
    async claim(record, now) {
      const id = `${record.ownerId}/${record.key}`;
      const current = records.get(id);
      if (current === undefined || current.expiresAt <= now) {
        records.set(id, record);
        return { claimed: true, record, takenOver: false };
      }
      if (current.state === 'in-progress' && current.lockedUntil <= now && current.fingerprint === record.fingerprint) {
        const taken = { ...current, attempt: record.attempt, lockedUntil: record.lockedUntil };
        records.set(id, taken);
        return { claimed: true, record: taken, takenOver: true };
      }
      return { claimed: false, record: current };
    },
    async complete(ownerId, key, attempt, outcome) {
      const current = records.get(`${ownerId}/${key}`);
      if (current?.attempt === attempt) records.set(`${ownerId}/${key}`, { ...current, state: 'completed', outcome });
    },
    async release(ownerId, key, attempt) {
      if (records.get(`${ownerId}/${key}`)?.attempt === attempt) records.delete(`${ownerId}/${key}`);
    },
  };
}

function subject(now: { value: number } = { value: Date.now() }) {
  const store = memoryStore();
  const idempotency = new Idempotency(store, { now: () => new Date(now.value) }, sequentialIds());
  return { idempotency, store, now };
}

describe('Idempotency', () => {
  it('does the work once and answers a repeat with the first answer', async () => {
    const { idempotency, now } = subject();
    const work = vi.fn(async () => ({ outcome: 'created', record: true }));

    const first = await idempotency.run('alice', 'k1', 'fp', now.value + 3000, work);
    const repeat = await idempotency.run('alice', 'k1', 'fp', now.value + 3000, work);

    expect(first).toEqual({ outcome: 'created', replayed: false });
    expect(repeat).toEqual({ outcome: 'created', replayed: true });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('refuses a repeat while the first attempt runs, and the key with another request', async () => {
    const { idempotency, now } = subject();
    let finish: () => void = () => {};
    const running = idempotency.run(
      'alice',
      'k2',
      'fp',
      now.value + 3000,
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ outcome: 'done', record: true });
        }),
    );

    const concurrent = idempotency.run('alice', 'k2', 'fp', now.value + 3000, async () => ({
      outcome: 'x',
      record: true,
    }));
    const reused = idempotency.run('alice', 'k2', 'other', now.value + 3000, async () => ({
      outcome: 'x',
      record: true,
    }));

    await expect(concurrent).rejects.toBeInstanceOf(IdempotencyInProgressError);
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    finish();
    await expect(running).resolves.toEqual({ outcome: 'done', replayed: false });
  });

  it('releases the key when the work changed nothing: the retry does the work', async () => {
    const { idempotency, now } = subject();

    const failed = await idempotency.run('alice', 'k3', 'fp', now.value + 3000, async () => ({
      outcome: '400',
      record: false,
    }));
    const retry = await idempotency.run('alice', 'k3', 'fp', now.value + 3000, async () => ({
      outcome: '201',
      record: true,
    }));

    expect(failed).toEqual({ outcome: '400', replayed: false });
    expect(retry).toEqual({ outcome: '201', replayed: false });
  });

  it('keeps the key after a server failure until the deadline, then the retry takes it over with the same reservation', async () => {
    // The write may have been applied with its answer lost: releasing the key would let a
    // retry write a second note under a new reservation.
    const { idempotency, now } = subject();
    const seen: string[] = [];
    const storageDown = new Error('storage answered nothing in time');
    const failed = idempotency.run('alice', 'k5', 'fp', now.value + 3000, async ({ reservation, retried }) => {
      seen.push(`${reservation}:${retried}`);
      throw storageDown;
    });
    await expect(failed).rejects.toBe(storageDown);

    now.value += 1200;
    const early = idempotency.run('alice', 'k5', 'fp', now.value + 3000, async () => ({ outcome: 'x', record: true }));
    await expect(early).rejects.toMatchObject({ retryAfterSeconds: 2 });

    now.value += 1800;
    const retry = await idempotency.run('alice', 'k5', 'fp', now.value + 3000, async ({ reservation, retried }) => {
      seen.push(`${reservation}:${retried}`);
      return { outcome: '201', record: true };
    });

    expect(retry).toEqual({ outcome: '201', replayed: false });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(`${seen[0]?.split(':')[0]}:true`);
    expect(seen[0]).toMatch(/:false$/);
  });

  it('lets a retry take over after the first attempt died, with the same reservation', async () => {
    const { idempotency, store, now } = subject();
    const reservations: string[] = [];
    // The first attempt claims the key and dies without a word (its process is gone).
    await store.claim(
      {
        ownerId: 'alice',
        key: 'k4',
        fingerprint: 'fp',
        reservation: 'R',
        attempt: 'dead',
        state: 'in-progress',
        lockedUntil: now.value + 1000,
        expiresAt: now.value + 86_400_000,
      },
      now.value,
    );
    now.value += 2000;

    const retry = await idempotency.run('alice', 'k4', 'fp', now.value + 3000, async ({ reservation, retried }) => {
      reservations.push(`${reservation}:${retried}`);
      return { outcome: 'done', record: true };
    });

    expect(retry.replayed).toBe(false);
    expect(reservations).toEqual(['R:true']);
  });

  it('refuses keys that are empty, too long or not printable ASCII', () => {
    for (const key of ['', 'k'.repeat(256), 'naïve', 'tab\there', 'line\n']) {
      expect(() => parseIdempotencyKey(key), JSON.stringify(key)).toThrow(ValidationError);
    }
    expect(parseIdempotencyKey(' ~'.repeat(127))).toHaveLength(254);
  });
});
