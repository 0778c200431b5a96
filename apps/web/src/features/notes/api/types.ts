import type { Attachment } from '../../attachments/api/types.js';

/** A note as the API answers it (see the API reference). */
export interface Note {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly version?: number;
  /** Its files, ready and pending (an API without attachments leaves this out). */
  readonly attachments?: readonly Attachment[];
}

/** A page of `GET /notes` or of the admin listing. */
export interface NotesPage {
  readonly notes: readonly Note[];
  readonly count: number;
  readonly nextToken?: string;
}

/** What a person writes: the body of a create or an update. */
export interface NoteInput {
  readonly title: string;
  readonly content: string;
}

export const PAGE_SIZE = 20;

export const notesKeys = {
  all: ['notes'] as const,
  list: () => ['notes', 'list'] as const,
  detail: (noteId: string) => ['notes', 'detail', noteId] as const,
  ofUser: (userId: string) => ['notes', 'user', userId] as const,
};

/** `?limit=&nextToken=` for a page. */
export function pageQuery(nextToken: string | undefined): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (nextToken !== undefined) query.set('nextToken', nextToken);
  return query.toString();
}
