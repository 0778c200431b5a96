/** The admin view: another user's notes by their user id (`sub`), read-only. */
import { type FormEvent, useId, useState } from 'react';
import { ErrorNotice, Loading, RetryNotice } from '../../../components/status.js';
import { NotesList } from '../../notes/components/notes-list.js';
import { useUserNotes } from '../api/get-user-notes.js';

export function AdminNotes() {
  const id = useId();
  const [input, setInput] = useState('');
  const [userId, setUserId] = useState<string | undefined>();
  const notes = useUserNotes(userId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUserId(input.trim());
  };
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">A user’s notes</h1>
      <p>Read-only: what another user has written, for members of the admin group.</p>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={`${id}-user`}>User id (the sub claim)</label>
        <input
          id={`${id}-user`}
          value={input}
          required
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit">Show notes</button>
      </form>
      {userId !== undefined && notes.isPending && (
        <>
          <Loading label="Loading the user’s notes…" />
          <RetryNotice failureReason={notes.failureReason} />
        </>
      )}
      {notes.isError && <ErrorNotice error={notes.error} onRetry={() => void notes.refetch()} />}
      {notes.isSuccess && notes.data.pages[0]?.notes.length === 0 && <p className="empty">This user has no notes.</p>}
      {notes.isSuccess && (notes.data.pages[0]?.notes.length ?? 0) > 0 && (
        <NotesList
          label={`Notes of ${userId}`}
          pages={notes.data.pages}
          hasNextPage={notes.hasNextPage}
          isFetchingNextPage={notes.isFetchingNextPage}
          fetchNextPage={() => void notes.fetchNextPage()}
        />
      )}
    </section>
  );
}
