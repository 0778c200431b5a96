import type { Note } from '../note.js';
import type { PageCursorCodec } from '../page-cursor.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import type { OperationOptions } from './operation-options.js';
import { type NotesListing, type PageQuery, parseLimit } from './page-query.js';

/** Lists one owner's notes, newest first, a page at a time. Shared by the caller's own listing and the admin's. */
export async function listOwnerNotes(
  repository: NotesRepository,
  cursors: PageCursorCodec,
  ownerId: string,
  query: PageQuery,
  options: OperationOptions = {},
): Promise<NotesListing<Note>> {
  const limit = parseLimit(query.limit);
  const startAfter = query.nextToken === undefined ? undefined : cursors.decode(ownerId, query.nextToken);
  const page = await repository.list(ownerId, startAfter === undefined ? { limit } : { limit, startAfter }, options);
  const listing = { notes: page.notes, count: page.notes.length };
  return page.lastNoteId === undefined ? listing : { ...listing, nextToken: cursors.encode(ownerId, page.lastNoteId) };
}

/** `GET /notes`: the caller's own notes. */
export class ListNotes {
  readonly #repository: NotesRepository;
  readonly #cursors: PageCursorCodec;

  constructor(repository: NotesRepository, cursors: PageCursorCodec) {
    this.#repository = repository;
    this.#cursors = cursors;
  }

  async execute(
    principal: Principal,
    query: PageQuery = {},
    options: OperationOptions = {},
  ): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    return listOwnerNotes(this.#repository, this.#cursors, ownerOf(principal), query, options);
  }
}
