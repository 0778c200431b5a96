import { ValidationError } from '../errors.js';
import type { Note } from '../note.js';
import { requireAccess, requireAdmin } from '../policies.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { type ListingDependencies, listOwnerNotes } from './list-notes.js';
import type { ListOperationOptions, NotesListing, PageQuery } from './page-query.js';

/** Longer than any `sub` a user pool issues (36 characters), and far below DynamoDB's 2048-byte key limit. */
export const USER_ID_MAX_CHARACTERS = 128;

/** `GET /admin/users/{userId}/notes`: read-only, for members of the `admin` group only; attachments' metadata, never their files. */
export class AdminListUserNotes {
  readonly #repository: NotesRepository;
  readonly #listing: ListingDependencies;

  constructor(repository: NotesRepository, listing: ListingDependencies) {
    this.#repository = repository;
    this.#listing = listing;
  }

  async execute(
    principal: Principal,
    userId: string,
    query: PageQuery = {},
    options: ListOperationOptions = {},
  ): Promise<NotesListing<Note>> {
    requireAccess(principal, 'read');
    requireAdmin(principal);
    if (userId.length === 0 || userId.length > USER_ID_MAX_CHARACTERS) {
      throw new ValidationError([{ field: 'userId', message: `must be 1 to ${USER_ID_MAX_CHARACTERS} characters` }]);
    }
    return listOwnerNotes(this.#repository, this.#listing, userId, query, options);
  }
}
