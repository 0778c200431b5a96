/**
 * A note as a DynamoDB item, in the tutorial's layout: `userId` (partition key), `noteId` (sort
 * key), `title`, `content`, `createdAt`, plus this project's `updatedAt` and `version`.
 * Attribute names stay the tutorial's, so the tutorial's Python Lambda can still read what this
 * adapter writes and this adapter reads what the Lambda wrote: items with a UUID `noteId`, no
 * `version`, no `updatedAt`, and `createdAt` from `datetime.utcnow().isoformat()` (no zone,
 * microseconds). Such an item reads as version 1, last updated when it was created.
 * An updated item also carries `writeId`, the repository's mark of the update that last
 * wrote it (see `dynamodb-notes-repository.ts`); it never reaches a `Note`.
 * A note with files carries `attachments`: their records as one JSON string, written in one
 * canonical form so that a conditional write can compare the whole list by equality (string
 * equality holds on every DynamoDB-compatible backend; the tutorial's Lambda ignores it).
 */
import { type Attachment, DEFAULT_TITLE, type Note, toUtcIso } from '@secure-notes/domain';

export type NoteItem = Record<string, unknown>;

/** The attribute where an update leaves its unique write id; internal to the repository. */
export const WRITE_ID_ATTRIBUTE = 'writeId';

const NOTE_ATTRIBUTES = ['userId', 'noteId', 'title', 'content', 'createdAt', 'updatedAt', 'version'] as const;

/** Where a note's attachment records are kept. */
export const ATTACHMENTS_ATTRIBUTE = 'attachments';

/** The records in one canonical JSON form: the same list always gives the same string. */
export function attachmentsText(attachments: readonly Attachment[]): string {
  return JSON.stringify(
    attachments.map((a) => ({
      attachmentId: a.attachmentId,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      state: a.state,
      createdAt: a.createdAt,
      ...(a.uploadExpiresAt === undefined ? {} : { uploadExpiresAt: a.uploadExpiresAt }),
    })),
  );
}

function attachmentsOf(item: NoteItem): Attachment[] {
  const text = item[ATTACHMENTS_ATTRIBUTE];
  if (typeof text !== 'string') return [];
  return JSON.parse(text) as Attachment[];
}

export function toNoteItem(note: Note): NoteItem {
  return {
    ...(note.attachments.length === 0 ? {} : { [ATTACHMENTS_ATTRIBUTE]: attachmentsText(note.attachments) }),
    userId: note.userId,
    noteId: note.noteId,
    title: note.title,
    content: note.content,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    version: note.version,
  };
}

/**
 * Whether a stored item holds exactly the note that `written` (from {@link toNoteItem}) holds:
 * how a create recognises, after a retry, the item its own earlier attempt stored.
 */
export function isSameNoteItem(stored: NoteItem, written: NoteItem): boolean {
  return NOTE_ATTRIBUTES.every((name) => stored[name] === written[name]);
}

function text(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  // The tutorial stored whatever JSON the client sent (`title: 42`, `content: null`).
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

/** The version an item is at: the tutorial's items have none and count as version 1. */
export function versionOf(item: NoteItem): number {
  const { version } = item;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : 1;
}

/** Reads a stored item, the tutorial's included, as a note with UTC ISO timestamps. */
export function fromNoteItem(item: NoteItem): Note {
  const { userId, noteId } = item;
  if (typeof userId !== 'string' || typeof noteId !== 'string') {
    throw new Error('A Notes item lacks its string key attributes userId and noteId: the table is not the Notes table');
  }
  const createdAt = typeof item.createdAt === 'string' ? toUtcIso(item.createdAt) : new Date(0).toISOString();
  const updatedAt = typeof item.updatedAt === 'string' ? toUtcIso(item.updatedAt) : createdAt;
  return {
    userId,
    noteId,
    title: text(item.title, DEFAULT_TITLE),
    content: text(item.content, ''),
    createdAt,
    updatedAt,
    version: versionOf(item),
    attachments: attachmentsOf(item),
  };
}

/**
 * What an item weighs as JSON in UTF-8, escapes included: the measure that bounds a listing
 * page, since the page goes back to the client as JSON (and a Lambda answers at most 6 MB).
 */
export function serializedItemBytes(item: NoteItem): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8');
}
