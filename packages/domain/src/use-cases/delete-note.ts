import { NoteNotFoundError } from '../errors.js';
import { isNoteId } from '../note.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { storageOptionsOf, type WriteOperationOptions } from './operation-options.js';

/** `DELETE /notes/{noteId}`: `NoteNotFoundError` when the caller has no such note. */
export class DeleteNote {
  readonly #repository: NotesRepository;

  constructor(repository: NotesRepository) {
    this.#repository = repository;
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
    try {
      await this.#repository.delete(ownerOf(principal), noteId, expectedVersion, storageOptionsOf(options));
    } catch (error) {
      if (error instanceof NoteNotFoundError && options.retried === true) return;
      throw error;
    }
  }
}
