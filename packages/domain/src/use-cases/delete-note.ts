import { noteObjectPrefixes } from '../attachment.js';
import { NoteNotFoundError, VersionMismatchError } from '../errors.js';
import { isNoteId } from '../note.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { ObjectStorage } from '../ports/object-storage.js';
import type { Principal } from '../principal.js';
import { storageOptionsOf, type WriteOperationOptions } from './operation-options.js';

/**
 * `DELETE /notes/{noteId}`: `NoteNotFoundError` when the caller has no such note. The note's
 * objects go first (every key under its prefixes, so an upload whose record was never written
 * goes too), then the note: a failure in between leaves a note whose files are gone, which the
 * same `DELETE` repeated removes, never a file that no note names.
 */
export class DeleteNote {
  readonly #repository: NotesRepository;
  readonly #storage: ObjectStorage | undefined;

  constructor(repository: NotesRepository, storage?: ObjectStorage) {
    this.#repository = repository;
    this.#storage = storage;
  }

  /**
   * @param options a retried keyed delete that finds the note gone succeeds: the earlier attempt,
   *   whose answer was lost, deleted it.
   */
  async execute(
    principal: Principal,
    noteId: string,
    expectedVersion?: number,
    options: WriteOperationOptions = {},
  ): Promise<void> {
    requireAccess(principal, 'write');
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    const owner = ownerOf(principal);
    const io = storageOptionsOf(options);
    try {
      if (this.#storage !== undefined) {
        // A stale If-Match must change nothing: checked before any file is deleted.
        const note = await this.#repository.get(owner, noteId, io);
        if (note === undefined) throw new NoteNotFoundError(noteId);
        if (expectedVersion !== undefined && note.version !== expectedVersion) {
          throw new VersionMismatchError(noteId, expectedVersion);
        }
        for (const prefix of noteObjectPrefixes(owner, noteId)) await this.#storage.deleteUnder(prefix, io);
      }
      await this.#repository.delete(owner, noteId, expectedVersion, io);
    } catch (error) {
      if (error instanceof NoteNotFoundError && options.retried === true) return;
      throw error;
    }
  }
}
