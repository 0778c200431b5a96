/**
 * An `IdempotencyStore` in a Map: for tests and `NOTES_STORE=memory`. Each operation checks and
 * writes synchronously, so a claim is as atomic as DynamoDB's conditional write.
 */
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '@secure-notes/domain';

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  async claim(record: IdempotencyRecord, now: number): Promise<IdempotencyClaim> {
    const id = keyOf(record.ownerId, record.key);
    const current = this.#records.get(id);
    if (current === undefined || current.expiresAt <= now) {
      this.#records.set(id, { ...record });
      return { claimed: true, record: { ...record }, takenOver: false };
    }
    if (current.state === 'in-progress' && current.lockedUntil <= now && current.fingerprint === record.fingerprint) {
      const taken = { ...current, attempt: record.attempt, lockedUntil: record.lockedUntil };
      this.#records.set(id, taken);
      return { claimed: true, record: { ...taken }, takenOver: true };
    }
    return { claimed: false, record: { ...current } };
  }

  async complete(ownerId: string, key: string, attempt: string, outcome: string): Promise<void> {
    const id = keyOf(ownerId, key);
    const current = this.#records.get(id);
    if (current?.attempt === attempt) this.#records.set(id, { ...current, state: 'completed', outcome });
  }

  async release(ownerId: string, key: string, attempt: string): Promise<void> {
    const id = keyOf(ownerId, key);
    const current = this.#records.get(id);
    if (current?.attempt === attempt && current.state === 'in-progress') this.#records.delete(id);
  }
}

function keyOf(ownerId: string, key: string): string {
  return `${ownerId}\n${key}`;
}
