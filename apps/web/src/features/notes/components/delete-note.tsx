/** Delete with a confirmation step; focus moves to "Cancel" so Enter does not delete by accident. */
import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../../../components/status.js';
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
      {remove.isError && <ErrorNotice error={remove.error} />}
    </fieldset>
  );
}
