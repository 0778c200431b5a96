import type { Note } from '../note.js';
import type { PageCursorCodec } from '../page-cursor.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { storageOptionsOf } from './operation-options.js';
import {
  type ListOperationOptions,
  type NotesListing,
  type PageBudget,
  type PageQuery,
  parseLimit,
} from './page-query.js';

/** How many of the notes, from the first, fit the budget: at least one (the test is monotone). */
function countThatFit(notes: readonly Note[], budget: PageBudget): number {
  if (notes.length <= 1 || budget.fits(notes)) return notes.length;
  let fits = 1;
  let overflows = notes.length;
  while (overflows - fits > 1) {
    const middle = Math.floor((fits + overflows) / 2);
    if (budget.fits(notes.slice(0, middle))) fits = middle;
    else overflows = middle;
  }
  return fits;
}

/** Lists one owner's notes, newest first, a page at a time. Shared by the caller's own listing and the admin's. */
export async function listOwnerNotes(
  repository: NotesRepository,
  cursors: PageCursorCodec,
  ownerId: string,
  query: PageQuery,
  options: ListOperationOptions = {},
): Promise<NotesListing<Note>> {
  const limit = parseLimit(query.limit);
  const startAfter = query.nextToken === undefined ? undefined : cursors.decode(ownerId, query.nextToken);
  const page = await repository.list(
    ownerId,
    startAfter === undefined ? { limit } : { limit, startAfter },
    storageOptionsOf(options),
  );
  const kept = options.budget === undefined ? page.notes.length : countThatFit(page.notes, options.budget);
  if (kept < page.notes.length) {
    const notes = page.notes.slice(0, kept);
    return { notes, count: kept, nextToken: cursors.encode(ownerId, (notes.at(-1) as Note).noteId) };
  }
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
    options: ListOperationOptions = {},
  ): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    return listOwnerNotes(this.#repository, this.#cursors, ownerOf(principal), query, options);
  }
}
