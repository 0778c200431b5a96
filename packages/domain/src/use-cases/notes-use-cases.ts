import { DEFAULT_ATTACHMENT_SETTINGS } from '../attachment.js';
import type { PageCursorCodec } from '../page-cursor.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import { AdminListUserNotes } from './admin-list-user-notes.js';
import { Attachments, type AttachmentsDependencies } from './attachments.js';
import { CreateNote } from './create-note.js';
import { DeleteNote } from './delete-note.js';
import { GetNote } from './get-note.js';
import { ListNotes } from './list-notes.js';
import { UpdateNote } from './update-note.js';

/** Every use case of the Notes API, as the driving adapters receive them. */
export interface NotesUseCases {
  readonly listNotes: ListNotes;
  readonly createNote: CreateNote;
  readonly getNote: GetNote;
  readonly updateNote: UpdateNote;
  readonly deleteNote: DeleteNote;
  readonly adminListUserNotes: AdminListUserNotes;
  readonly attachments: Attachments;
}

export interface NotesUseCaseDependencies {
  readonly repository: NotesRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
  /** Object storage and the attachment settings; without them, attachment requests answer 503. */
  readonly attachments?: AttachmentsDependencies;
}

/**
 * Builds every use case over one set of ports.
 *
 * @example
 * const notes = createNotesUseCases({ repository, clock, ids, cursors: new PageCursorCodec(secret) });
 * await notes.createNote.execute(principal, { title: 'Groceries' });
 */
export function createNotesUseCases({
  repository,
  clock,
  ids,
  cursors,
  attachments,
}: NotesUseCaseDependencies): NotesUseCases {
  const settings = attachments?.settings ?? DEFAULT_ATTACHMENT_SETTINGS;
  const listing = { cursors, clock, settings };
  return {
    listNotes: new ListNotes(repository, listing),
    createNote: new CreateNote(repository, clock, ids),
    getNote: new GetNote(repository, clock, settings),
    updateNote: new UpdateNote(repository, clock),
    deleteNote: new DeleteNote(repository, attachments?.storage),
    adminListUserNotes: new AdminListUserNotes(repository, listing),
    attachments: new Attachments(repository, clock, ids, attachments),
  };
}
