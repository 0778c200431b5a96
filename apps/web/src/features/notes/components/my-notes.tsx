/** The home page: the caller's notes, newest first, with their empty, loading and error states. */
import { Link } from 'wouter';
import { ErrorNotice, Loading, RetryNotice } from '../../../components/status.js';
import { useNotes } from '../api/get-notes.js';
import { NotesList } from './notes-list.js';

export function MyNotes() {
  const notes = useNotes();
  return (
    <section aria-labelledby="my-notes-heading">
      <div className="section-head">
        <h1 id="my-notes-heading">Your notes</h1>
        <Link href="/new" className="button">
          New note
        </Link>
      </div>
      {notes.isPending && (
        <>
          <Loading label="Loading your notes…" />
          <RetryNotice failureReason={notes.failureReason} />
        </>
      )}
      {notes.isError && <ErrorNotice error={notes.error} onRetry={() => void notes.refetch()} />}
      {notes.isSuccess && notes.data.pages[0]?.notes.length === 0 && (
        <p className="empty">No notes yet. Write your first one with “New note”.</p>
      )}
      {notes.isSuccess && (notes.data.pages[0]?.notes.length ?? 0) > 0 && (
        <NotesList
          label="Your notes, newest first"
          pages={notes.data.pages}
          hasNextPage={notes.hasNextPage}
          isFetchingNextPage={notes.isFetchingNextPage}
          fetchNextPage={() => void notes.fetchNextPage()}
          hrefOf={(note) => `/notes/${encodeURIComponent(note.noteId)}`}
        />
      )}
      {notes.isFetchNextPageError && <ErrorNotice error={notes.error} />}
    </section>
  );
}
