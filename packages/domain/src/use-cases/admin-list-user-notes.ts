import type { Note } from '../note.js';
import type { PageCursorCodec } from '../page-cursor.js';
import { requireAccess, requireAdmin } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { listOwnerNotes } from './list-notes.js';
import type { NotesListing, PageQuery } from './page-query.js';

/** `GET /admin/users/{userId}/notes`: read-only, for members of the `admin` group only. */
export class AdminListUserNotes {
  readonly #repository: NotesRepository;
  readonly #cursors: PageCursorCodec;

  constructor(repository: NotesRepository, cursors: PageCursorCodec) {
    this.#repository = repository;
    this.#cursors = cursors;
  }

  async execute(principal: Principal, userId: string, query: PageQuery = {}): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    requireAdmin(principal);
    return listOwnerNotes(this.#repository, this.#cursors, userId, query);
  }
}
