import { NoteNotFoundError } from '../errors.js';
import { isNoteId } from '../note.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';

/** `DELETE /notes/{noteId}`: `NoteNotFoundError` when the caller has no such note. */
export class DeleteNote {
  readonly #repository: NotesRepository;

  constructor(repository: NotesRepository) {
    this.#repository = repository;
  }

  async execute(principal: Principal, noteId: string, expectedVersion?: number): Promise<void> {
    requireAccess(principal, 'write');
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    await this.#repository.delete(ownerOf(principal), noteId, expectedVersion);
  }
}
