import type { AttachmentSettings } from '../attachment.js';
import { NoteNotFoundError } from '../errors.js';
import { isNoteId, type Note } from '../note.js';
import { ownerOf, requireAccess, requireOwnership } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import type { Principal } from '../principal.js';
import { withLiveAttachments } from './attachments.js';
import type { OperationOptions } from './operation-options.js';

/** `GET /notes/{noteId}`. */
export class GetNote {
  readonly #repository: NotesRepository;
  readonly #clock: Clock;
  readonly #settings: AttachmentSettings;

  constructor(repository: NotesRepository, clock: Clock, settings: AttachmentSettings) {
    this.#repository = repository;
    this.#clock = clock;
    this.#settings = settings;
  }

  async execute(principal: Principal, noteId: string, options: OperationOptions = {}): Promise<Note> {
    requireAccess(principal, 'read');
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    const note = requireOwnership(principal, await this.#repository.get(ownerOf(principal), noteId, options), noteId);
    return withLiveAttachments(note, this.#clock.now(), this.#settings);
  }
}
