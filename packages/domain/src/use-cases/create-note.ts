import { NoteConflictError } from '../errors.js';
import { DEFAULT_TITLE, type Note, parseNoteFields } from '../note.js';
import { ownerOf, requireAccess } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { storageOptionsOf, type WriteOperationOptions } from './operation-options.js';

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

  /**
   * @param input the untrusted request body, already parsed from JSON.
   * @param options a keyed create's reservation is the new note's id: when an earlier attempt of
   *   the same request already stored it, that note is the answer.
   */
  async execute(principal: Principal, input: unknown, options: WriteOperationOptions = {}): Promise<Note> {
    requireAccess(principal, 'write');
    const fields = parseNoteFields(input, { requireOne: false });
    const now = this.#clock.now().toISOString();
    const note: Note = {
      userId: ownerOf(principal),
      noteId: options.reservation ?? this.#ids.next(),
      title: fields.title ?? DEFAULT_TITLE,
      content: fields.content ?? '',
      createdAt: now,
      updatedAt: now,
      version: 1,
      attachments: [],
    };
    const storage = storageOptionsOf(options);
    try {
      await this.#repository.create(note, storage);
    } catch (error) {
      if (!(error instanceof NoteConflictError) || options.reservation === undefined) throw error;
      // The id was reserved for this very request: the note in the way is an earlier attempt's.
      const earlier = await this.#repository.get(note.userId, note.noteId, storage);
      if (earlier === undefined) throw error;
      return earlier;
    }
    return note;
  }
}
