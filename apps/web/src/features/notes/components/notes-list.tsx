/** A listing of notes, newest first, with "Load more" while the API has a next page. */
import { Link } from 'wouter';
import type { Note, NotesPage } from '../api/types.js';

export interface NotesListProps {
  readonly pages: readonly NotesPage[];
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly fetchNextPage: () => void;
  /** Where each note links to; no link (read-only) when absent. */
  readonly hrefOf?: (note: Note) => string;
  readonly label: string;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(note: Note): string {
  const date = new Date(note.updatedAt ?? note.createdAt);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

export function NotesList({ pages, hasNextPage, isFetchingNextPage, fetchNextPage, hrefOf, label }: NotesListProps) {
  const notes = pages.flatMap((page) => page.notes);
  return (
    <>
      <ul className="notes" aria-label={label}>
        {notes.map((note) => (
          <li key={note.noteId} className="note-item">
            {hrefOf ? (
              <Link href={hrefOf(note)} className="note-link">
                <span className="note-title">{note.title}</span>
              </Link>
            ) : (
              <span className="note-title">{note.title}</span>
            )}
            <time dateTime={note.updatedAt ?? note.createdAt}>{when(note)}</time>
            {!hrefOf && <p className="note-content">{note.content}</p>}
          </li>
        ))}
      </ul>
      {hasNextPage && (
        <button type="button" className="secondary" onClick={fetchNextPage} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? 'Loading more…' : 'Load more'}
        </button>
      )}
    </>
  );
}
