import type { StorageOptions } from '../ports/notes-repository.js';

/** What a driving adapter may tell a use case besides its input. */
export interface OperationOptions {
  /**
   * Epoch milliseconds by which storage must have answered, retries included (the request's
   * budget); storage gives up with `UnavailableError` past it.
   */
  readonly deadline?: number;
}

/** What of the operation's options storage is told: its deadline, when it has one. */
export function storageOptionsOf(options: OperationOptions): StorageOptions {
  return options.deadline === undefined ? {} : { deadline: options.deadline };
}

/** The options of a write that an idempotency key may repeat. */
export interface WriteOperationOptions extends OperationOptions {
  /**
   * The id the idempotent request reserved: a keyed create makes its note under this id, a
   * keyed update marks its write with it, so a later attempt recognises an earlier one's work.
   */
  readonly reservation?: string;
  /** Whether an earlier attempt of the same keyed request may already have done the work. */
  readonly retried?: boolean;
}
