import type { Attachment } from '../attachment.js';
import type { Note } from '../note.js';

export interface NotesPageRequest {
  /** 1..100. */
  readonly limit: number;
  /** Continue after this note id (exclusive); omit for the first page. */
  readonly startAfter?: string;
}

export interface NotesPage {
  /** Newest first (descending note id). */
  readonly notes: readonly Note[];
  /** The id to continue after; absent when no note follows. */
  readonly lastNoteId?: string;
}

/** What every storage call may be given. */
export interface StorageOptions {
  /**
   * Epoch milliseconds by which the call must be answered, retries included: past it the call
   * gives up with `UnavailableError`, so a request is answered within its budget.
   */
  readonly deadline?: number;
}

export interface WriteOptions extends StorageOptions {
  /**
   * Marks the write, so that an attempt that finds its own mark already applied knows the write
   * is done (a keyed update's reservation); a fresh one per call when absent.
   */
  readonly writeId?: string;
}

export interface NoteChanges {
  readonly title?: string;
  readonly content?: string;
  readonly updatedAt: string;
}

/**
 * Where notes live. Every method is scoped to one owner; an implementation never reads or
 * writes another owner's notes. Writes are atomic: a failed condition changes nothing.
 *
 * Errors: `NoteNotFoundError`, `VersionMismatchError`, `NoteConflictError`, `UnavailableError`
 * (throttled or unreachable after retries), `ConcurrentChangeError`. Anything else is a bug.
 */
export interface NotesRepository {
  /** Stores a new note; `NoteConflictError` when the owner already has this id. */
  create(note: Note, options?: StorageOptions): Promise<void>;
  get(ownerId: string, noteId: string, options?: StorageOptions): Promise<Note | undefined>;
  list(ownerId: string, page: NotesPageRequest, options?: StorageOptions): Promise<NotesPage>;
  /**
   * Applies the changes and increments the version, in one atomic step. Never creates:
   * `NoteNotFoundError` when absent, `VersionMismatchError` when `expectedVersion` is stale.
   * A write whose `writeId` is already the note's last write is not applied again: the note is
   * returned as it is.
   */
  update(
    ownerId: string,
    noteId: string,
    changes: NoteChanges,
    expectedVersion?: number,
    options?: WriteOptions,
  ): Promise<Note>;
  /**
   * Replaces the note's attachments with `next` if they are still exactly `expected` (a
   * compare-and-swap, so two writers never lose each other's change), leaving the note's
   * fields, version and write mark alone. `NoteNotFoundError` when absent,
   * `ConcurrentChangeError` when the attachments are no longer `expected`.
   */
  replaceAttachments(
    ownerId: string,
    noteId: string,
    expected: readonly Attachment[],
    next: readonly Attachment[],
    options?: StorageOptions,
  ): Promise<void>;
  /** `NoteNotFoundError` when absent, `VersionMismatchError` when `expectedVersion` is stale. */
  delete(ownerId: string, noteId: string, expectedVersion?: number, options?: StorageOptions): Promise<void>;
}
