import { NoteNotFoundError } from '../errors.js';
import { isNoteId, type Note } from '../note.js';
import { ownerOf, requireAccess, requireOwnership } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import type { OperationOptions } from './operation-options.js';

/** `GET /notes/{noteId}`. */
export class GetNote {
  readonly #repository: NotesRepository;

  constructor(repository: NotesRepository) {
    this.#repository = repository;
  }

  async execute(principal: Principal, noteId: string, options: OperationOptions = {}): Promise<Note> {
    requireAccess(principal, 'read');
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    return requireOwnership(principal, await this.#repository.get(ownerOf(principal), noteId, options), noteId);
  }
}
