import type { AttachmentSettings } from '../attachment.js';
import type { Note } from '../note.js';
import type { PageCursorCodec } from '../page-cursor.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { withLiveAttachments } from './attachments.js';
import type { OperationOptions } from './operation-options.js';
import { type NotesListing, type PageQuery, parseLimit } from './page-query.js';

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
  options: OperationOptions = {},
): Promise<NotesListing<Note>> {
  const limit = parseLimit(query.limit);
  const startAfter = query.nextToken === undefined ? undefined : cursors.decode(ownerId, query.nextToken);
  const page = await repository.list(ownerId, startAfter === undefined ? { limit } : { limit, startAfter }, options);
  const now = clock.now();
  const notes = page.notes.map((note) => withLiveAttachments(note, now, settings));
  const listing = { notes, count: notes.length };
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
    options: OperationOptions = {},
  ): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    return listOwnerNotes(this.#repository, this.#listing, ownerOf(principal), query, options);
  }
}
