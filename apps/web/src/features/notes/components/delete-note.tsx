/** Delete with a confirmation step; focus moves to "Cancel" so Enter does not delete by accident. */
import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../../../components/status.js';
import { ApiError } from '../../../lib/api-error.js';
import { useDeleteNote } from '../api/delete-note.js';
import type { Note } from '../api/types.js';

export function DeleteNote({ note, onDeleted }: { note: Note; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteNote();
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" className="danger" ref={opener} onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <fieldset className="confirm">
      <legend>Delete “{note.title}”? This cannot be undone.</legend>
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ noteId: note.noteId, version: note.version }, { onSuccess: onDeleted })}
        >
          {remove.isPending ? 'Deleting…' : 'Delete note'}
        </button>
        <button type="button" className="secondary" ref={cancel} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
      {remove.isError &&
        (remove.error instanceof ApiError && remove.error.status === 412 ? (
          <div className="notice notice-error" role="alert">
            <p>Someone changed this note after you opened it, so it was not deleted. Reload the page to see it.</p>
          </div>
        ) : (
          <ErrorNotice error={remove.error} />
        ))}
    </fieldset>
  );
}
