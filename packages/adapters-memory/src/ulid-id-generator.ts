import type { IdGenerator } from '@secure-notes/domain';
import { monotonicFactory } from 'ulid';

/**
 * Note ids as ULIDs: 26 characters that sort by creation time, so that a DynamoDB Query on
 * the sort key returns notes newest first. Monotonic within a millisecond.
 */
export class UlidIdGenerator implements IdGenerator {
  readonly #next = monotonicFactory();

  next(): string {
    return this.#next();
  }
}
