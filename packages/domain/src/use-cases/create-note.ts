import { DEFAULT_TITLE, type Note, parseNoteFields } from '../note.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';

/** `POST /notes`: stores a new note under the caller; the body can never name the owner. */
export class CreateNote {
  readonly #repository: NotesRepository;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;

  constructor(repository: NotesRepository, clock: Clock, ids: IdGenerator) {
    this.#repository = repository;
    this.#clock = clock;
    this.#ids = ids;
  }

  /** @param input the untrusted request body, already parsed from JSON. */
  async execute(principal: Principal, input: unknown): Promise<Note> {
    requireAccess(principal, 'write');
    const fields = parseNoteFields(input, { requireOne: false });
    const now = this.#clock.now().toISOString();
    const note: Note = {
      userId: ownerOf(principal),
      noteId: this.#ids.next(),
      title: fields.title ?? DEFAULT_TITLE,
      content: fields.content ?? '',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.#repository.create(note);
    return note;
  }
}
