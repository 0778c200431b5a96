/**
 * A `NotesRepository` in a Map: for tests, and for `NOTES_STORE=memory` when nothing needs to
 * survive a restart. Each operation checks and writes synchronously, so operations are atomic
 * just as DynamoDB's conditional writes are. Notes are copied in and out, so no caller can
 * change what is stored by holding a reference.
 */
import {
  type Attachment,
  ConcurrentChangeError,
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

/** An owner's notes by id, and their ids in ascending order (the sort key's order), kept as they change. */
interface OwnerNotes {
  readonly byId: Map<string, Note>;
  readonly ids: string[];
}

/** The index of the first id that is not below `id` (`ids.length` when all are). */
function lowerBound(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] as string) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class InMemoryNotesRepository implements NotesRepository {
  readonly #owners = new Map<string, OwnerNotes>();
  /** The last write id of each note (owner and id joined), so a repeated write applies once. */
  readonly #lastWrite = new Map<string, string>();

  async create(note: Note): Promise<void> {
    const { byId, ids } = this.#notesOf(note.userId);
    if (byId.has(note.noteId)) throw new NoteConflictError(note.noteId);
    byId.set(note.noteId, { ...note });
    // New ids are ULIDs, which sort after the ones before them: this is nearly always an append.
    if (ids.length === 0 || (ids.at(-1) as string) < note.noteId) ids.push(note.noteId);
    else ids.splice(lowerBound(ids, note.noteId), 0, note.noteId);
  }

  async get(ownerId: string, noteId: string): Promise<Note | undefined> {
    const note = this.#owners.get(ownerId)?.byId.get(noteId);
    return note && { ...note };
  }

  /** Newest first, as DynamoDB's Query with `ScanIndexForward: false`: a page costs its size, not the owner's note count. */
  async list(ownerId: string, { limit, startAfter }: NotesPageRequest): Promise<NotesPage> {
    const owner = this.#owners.get(ownerId);
    if (owner === undefined) return { notes: [] };
    const { byId, ids } = owner;
    // The newest note of the page: the last id, or the last one below `startAfter`.
    const first = (startAfter === undefined ? ids.length : lowerBound(ids, startAfter)) - 1;
    const last = Math.max(first - limit + 1, 0);
    const notes: Note[] = [];
    for (let index = first; index >= last; index -= 1) notes.push({ ...(byId.get(ids[index] as string) as Note) });
    return last > 0 && notes.length > 0 ? { notes, lastNoteId: ids[last] as string } : { notes };
  }

  async update(
    ownerId: string,
    noteId: string,
    changes: NoteChanges,
    expectedVersion?: number,
    options: WriteOptions = {},
  ): Promise<Note> {
    const writeKey = `${ownerId}\n${noteId}`;
    const stored = this.#owners.get(ownerId)?.byId.get(noteId);
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
    this.#notesOf(ownerId).byId.set(noteId, updated);
    if (options.writeId === undefined) this.#lastWrite.delete(writeKey);
    else this.#lastWrite.set(writeKey, options.writeId);
    return { ...updated };
  }

  async replaceAttachments(
    ownerId: string,
    noteId: string,
    expected: readonly Attachment[],
    next: readonly Attachment[],
    _options?: StorageOptions,
  ): Promise<void> {
    const current = this.#existing(ownerId, noteId, undefined);
    if (JSON.stringify(current.attachments) !== JSON.stringify(expected)) {
      throw new ConcurrentChangeError(`the attachments of note ${noteId} changed since they were read`);
    }
    this.#notesOf(ownerId).byId.set(noteId, { ...current, attachments: next.map((a) => ({ ...a })) });
  }

  async delete(ownerId: string, noteId: string, expectedVersion?: number, _options?: StorageOptions): Promise<void> {
    this.#existing(ownerId, noteId, expectedVersion);
    const { byId, ids } = this.#notesOf(ownerId);
    byId.delete(noteId);
    ids.splice(lowerBound(ids, noteId), 1);
    this.#lastWrite.delete(`${ownerId}\n${noteId}`);
  }

  #existing(ownerId: string, noteId: string, expectedVersion: number | undefined): Note {
    const current = this.#owners.get(ownerId)?.byId.get(noteId);
    if (!current) throw new NoteNotFoundError(noteId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new VersionMismatchError(noteId, expectedVersion);
    }
    return current;
  }

  #notesOf(ownerId: string): OwnerNotes {
    let notes = this.#owners.get(ownerId);
    if (!notes) {
      notes = { byId: new Map(), ids: [] };
      this.#owners.set(ownerId, notes);
    }
    return notes;
  }
}
