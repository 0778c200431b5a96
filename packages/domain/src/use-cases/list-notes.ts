import type { AttachmentSettings } from '../attachment.js';
import type { Note } from '../note.js';
import type { PageCursorCodec } from '../page-cursor.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { withLiveAttachments } from './attachments.js';
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

/** What a listing needs besides storage: the page cursors, and when pending attachments stop counting. */
export interface ListingDependencies {
  readonly cursors: PageCursorCodec;
  readonly clock: Clock;
  readonly settings: AttachmentSettings;
}

/** Lists one owner's notes, newest first, a page at a time. Shared by the caller's own listing and the admin's. */
export async function listOwnerNotes(
  repository: NotesRepository,
  { cursors, clock, settings }: ListingDependencies,
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
  const now = clock.now();
  const live = page.notes.map((note) => withLiveAttachments(note, now, settings));
  const kept = options.budget === undefined ? live.length : countThatFit(live, options.budget);
  if (kept < live.length) {
    const notes = live.slice(0, kept);
    return { notes, count: kept, nextToken: cursors.encode(ownerId, (notes.at(-1) as Note).noteId) };
  }
  const listing = { notes: live, count: live.length };
  return page.lastNoteId === undefined ? listing : { ...listing, nextToken: cursors.encode(ownerId, page.lastNoteId) };
}

/** `GET /notes`: the caller's own notes. */
export class ListNotes {
  readonly #repository: NotesRepository;
  readonly #listing: ListingDependencies;

  constructor(repository: NotesRepository, listing: ListingDependencies) {
    this.#repository = repository;
    this.#listing = listing;
  }

  async execute(
    principal: Principal,
    query: PageQuery = {},
    options: ListOperationOptions = {},
  ): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    return listOwnerNotes(this.#repository, this.#listing, ownerOf(principal), query, options);
  }
}
