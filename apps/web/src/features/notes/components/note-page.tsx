/**
 * One note, open for editing. Saving sends `If-Match` with the version the edit started from;
 * a 412 fetches the newer version and shows it beside the person's own text, to keep theirs
 * or take the other. The edit is a draft in sessionStorage until it is saved.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorNotice, Loading, RetryNotice } from '../../../components/status.js';
import { useApi } from '../../../lib/api-context.js';
import { ApiError } from '../../../lib/api-error.js';
import { NoteAttachments } from '../../attachments/components/note-attachments.js';
import { getNote, useNote } from '../api/get-note.js';
import { type Note, notesKeys } from '../api/types.js';
import { useUpdateNote } from '../api/update-note.js';
import { clearDraft, useDraft } from '../drafts.js';
import { ConflictPanel } from './conflict-panel.js';
import { DeleteNote } from './delete-note.js';
import { NoteForm } from './note-form.js';

export function NotePage({ noteId }: { noteId: string }) {
  const note = useNote(noteId);
  return (
    <section aria-labelledby="note-heading">
      <p>
        <Link href="/">← All notes</Link>
      </p>
      <h1 id="note-heading">{note.data?.title ?? 'Note'}</h1>
      {note.isPending && (
        <>
          <Loading label="Loading the note…" />
          <RetryNotice failureReason={note.failureReason} />
        </>
      )}
      {note.isError && <ErrorNotice error={note.error} onRetry={() => void note.refetch()} />}
      {note.isSuccess && (
        <>
          <NoteEditor note={note.data} />
          <NoteAttachments noteId={note.data.noteId} attachments={note.data.attachments ?? []} />
        </>
      )}
    </section>
  );
}

function NoteEditor({ note }: { note: Note }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const update = useUpdateNote();
  const [theirs, setTheirs] = useState<Note | undefined>();
  const [saved, setSaved] = useState(false);
  const { draft, restored, change, discard } = useDraft(note.noteId, () => ({
    title: note.title,
    content: note.content,
    baseVersion: note.version,
  }));

  const save = (version: number | undefined) => {
    setSaved(false);
    update.mutate(
      { noteId: note.noteId, title: draft.title, content: draft.content, version },
      {
        onSuccess: (updated) => {
          discard({ title: updated.title, content: updated.content, baseVersion: updated.version });
          setTheirs(undefined);
          setSaved(true);
        },
        onError: async (error) => {
          if (!(error instanceof ApiError) || error.status !== 412) return;
          // When the newer version cannot be read (deleted meanwhile), the 412's own words stay.
          const latest = await queryClient
            .fetchQuery({
              queryKey: notesKeys.detail(note.noteId),
              queryFn: ({ signal }) => getNote(api, note.noteId, signal),
              staleTime: 0,
            })
            .catch(() => undefined);
          setTheirs(latest);
        },
      },
    );
  };

  const takeTheirs = (other: Note) => {
    discard({ title: other.title, content: other.content, baseVersion: other.version });
    setTheirs(undefined);
    update.reset();
  };

  return (
    <>
      {restored && (
        <p className="notice" role="status">
          Your unsaved changes are back.
        </p>
      )}
      <NoteForm
        draft={draft}
        onChange={(next) => {
          setSaved(false);
          change({ ...next, baseVersion: draft.baseVersion });
        }}
        onSubmit={() => save(draft.baseVersion)}
        saving={update.isPending}
        submitLabel="Save changes"
      >
        <DeleteNote
          note={note}
          onDeleted={() => {
            clearDraft(note.noteId);
            navigate('/');
          }}
        />
      </NoteForm>
      {saved && (
        <p className="notice notice-ok" role="status">
          Saved.
        </p>
      )}
      {update.isPending && <RetryNotice failureReason={update.failureReason} />}
      {theirs !== undefined ? (
        <ConflictPanel
          theirs={theirs}
          saving={update.isPending}
          onKeepMine={() => save(theirs.version)}
          onTakeTheirs={() => takeTheirs(theirs)}
        />
      ) : (
        update.isError && <ErrorNotice error={update.error} />
      )}
    </>
  );
}
