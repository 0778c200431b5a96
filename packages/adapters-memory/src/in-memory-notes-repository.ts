/**
 * A `NotesRepository` in a Map: for tests, and for `NOTES_STORE=memory` when nothing needs to
 * survive a restart. Each operation checks and writes synchronously, so operations are atomic
 * just as DynamoDB's conditional writes are. Notes are copied in and out, so no caller can
 * change what is stored by holding a reference.
 */
import {
  type Note,
  type NoteChanges,
  NoteConflictError,
  NoteNotFoundError,
  type NotesPage,
  type NotesPageRequest,
  type NotesRepository,
  type StorageOptions,
  VersionMismatchError,
  type WriteOptions,
} from '@secure-notes/domain';

export class InMemoryNotesRepository implements NotesRepository {
  readonly #owners = new Map<string, Map<string, Note>>();
  /** The last write id of each note (owner and id joined), so a repeated write applies once. */
  readonly #lastWrite = new Map<string, string>();

  async create(note: Note): Promise<void> {
    const notes = this.#notesOf(note.userId);
    if (notes.has(note.noteId)) throw new NoteConflictError(note.noteId);
    notes.set(note.noteId, { ...note });
  }

  async get(ownerId: string, noteId: string): Promise<Note | undefined> {
    const note = this.#owners.get(ownerId)?.get(noteId);
    return note && { ...note };
  }

  async list(ownerId: string, { limit, startAfter }: NotesPageRequest): Promise<NotesPage> {
    const ids = [...(this.#owners.get(ownerId)?.keys() ?? [])].sort().reverse();
    const from = startAfter === undefined ? 0 : ids.findIndex((id) => id < startAfter);
    const selected = from < 0 ? [] : ids.slice(from, from + limit);
    const notes = selected.map((id) => ({ ...this.#owners.get(ownerId)!.get(id)! }));
    const hasMore = from >= 0 && from + limit < ids.length;
    return hasMore ? { notes, lastNoteId: selected.at(-1)! } : { notes };
  }

  async update(
    ownerId: string,
    noteId: string,
    changes: NoteChanges,
    expectedVersion?: number,
    options: WriteOptions = {},
  ): Promise<Note> {
    const writeKey = `${ownerId}\n${noteId}`;
    const stored = this.#owners.get(ownerId)?.get(noteId);
    // This write was applied already (an earlier attempt of the same request): it is the answer.
    if (stored !== undefined && options.writeId !== undefined && this.#lastWrite.get(writeKey) === options.writeId) {
      return { ...stored };
    }
    const current = this.#existing(ownerId, noteId, expectedVersion);
    const updated: Note = {
      ...current,
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.content === undefined ? {} : { content: changes.content }),
      updatedAt: changes.updatedAt,
      version: current.version + 1,
    };
    this.#notesOf(ownerId).set(noteId, updated);
    if (options.writeId === undefined) this.#lastWrite.delete(writeKey);
    else this.#lastWrite.set(writeKey, options.writeId);
    return { ...updated };
  }

  async delete(ownerId: string, noteId: string, expectedVersion?: number, _options?: StorageOptions): Promise<void> {
    this.#existing(ownerId, noteId, expectedVersion);
    this.#notesOf(ownerId).delete(noteId);
    this.#lastWrite.delete(`${ownerId}\n${noteId}`);
  }

  #existing(ownerId: string, noteId: string, expectedVersion: number | undefined): Note {
    const current = this.#owners.get(ownerId)?.get(noteId);
    if (!current) throw new NoteNotFoundError(noteId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new VersionMismatchError(noteId, expectedVersion);
    }
    return current;
  }

  #notesOf(ownerId: string): Map<string, Note> {
    let notes = this.#owners.get(ownerId);
    if (!notes) {
      notes = new Map();
      this.#owners.set(ownerId, notes);
    }
    return notes;
  }
}
