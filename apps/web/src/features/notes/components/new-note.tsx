/** Writing a new note. The draft and its Idempotency-Key live in sessionStorage until it is saved. */
import { useLocation } from 'wouter';
import { ErrorNotice, RetryNotice } from '../../../components/status.js';
import { useCreateNote } from '../api/create-note.js';
import { useDraft } from '../drafts.js';
import { NoteForm } from './note-form.js';

export const NEW_NOTE_DRAFT = 'new';

export function NewNote() {
  const [, navigate] = useLocation();
  const create = useCreateNote();
  const { draft, restored, change, discard } = useDraft(NEW_NOTE_DRAFT, () => ({
    title: '',
    content: '',
    idempotencyKey: crypto.randomUUID(),
  }));

  const save = () => {
    const idempotencyKey = draft.idempotencyKey ?? crypto.randomUUID();
    if (draft.idempotencyKey === undefined) change({ ...draft, idempotencyKey });
    create.mutate(
      { title: draft.title, content: draft.content, idempotencyKey },
      {
        onSuccess: (note) => {
          discard({ title: '', content: '', idempotencyKey: crypto.randomUUID() });
          navigate(`/notes/${encodeURIComponent(note.noteId)}`);
        },
      },
    );
  };

  return (
    <section aria-labelledby="new-note-heading">
      <h1 id="new-note-heading">New note</h1>
      {restored && (
        <p className="notice" role="status">
          Your unsaved draft is back.
        </p>
      )}
      <NoteForm
        draft={draft}
        onChange={(next) => change({ ...next, idempotencyKey: draft.idempotencyKey })}
        onSubmit={save}
        saving={create.isPending}
        submitLabel="Save note"
      />
      {create.isPending && <RetryNotice failureReason={create.failureReason} />}
      {create.isError && <ErrorNotice error={create.error} />}
    </section>
  );
}
