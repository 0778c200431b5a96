import { NoteNotFoundError } from '../errors.js';
import { isNoteId, type Note, parseNoteFields } from '../note.js';
import { ownerOf, requireAccess, requireOwnership } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { storageOptionsOf, type WriteOperationOptions } from './operation-options.js';

/** `PATCH /notes/{noteId}`: a partial update that never creates a note. */
export class UpdateNote {
  readonly #repository: NotesRepository;
  readonly #clock: Clock;

  constructor(repository: NotesRepository, clock: Clock) {
    this.#repository = repository;
    this.#clock = clock;
  }

  /**
   * @param input the untrusted request body, already parsed from JSON.
   * @param expectedVersion from `If-Match`; a stale one is a `VersionMismatchError`.
   * @param options a keyed update's reservation marks its write, so a later attempt of the same
   *   request finds it applied rather than applying it twice.
   */
  async execute(
    principal: Principal,
    noteId: string,
    input: unknown,
    expectedVersion?: number,
    options: WriteOperationOptions = {},
  ): Promise<Note> {
    requireAccess(principal, 'write');
    const fields = parseNoteFields(input, { requireOne: true });
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    const changes = { ...fields, updatedAt: this.#clock.now().toISOString() };
    const write = {
      ...storageOptionsOf(options),
      ...(options.reservation === undefined ? {} : { writeId: options.reservation }),
    };
    const note = await this.#repository.update(ownerOf(principal), noteId, changes, expectedVersion, write);
    return requireOwnership(principal, note, noteId);
  }
}
