/** The title and text of a note, as a labelled form; the caller decides what saving means. */
import { type FormEvent, type ReactNode, useId } from 'react';
import type { Draft } from '../drafts.js';

export const TITLE_MAX = 256;

export interface NoteFormProps {
  readonly draft: Draft;
  readonly onChange: (draft: Draft) => void;
  readonly onSubmit: () => void;
  readonly saving: boolean;
  readonly submitLabel: string;
  readonly children?: ReactNode;
}

export function NoteForm({ draft, onChange, onSubmit, saving, submitLabel, children }: NoteFormProps) {
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saving) onSubmit();
  };
  return (
    <form className="note-form" onSubmit={submit} aria-busy={saving}>
      <label htmlFor={`${id}-title`}>Title</label>
      <input
        id={`${id}-title`}
        name="title"
        value={draft.title}
        maxLength={TITLE_MAX}
        required
        autoComplete="off"
        onChange={(event) => onChange({ ...draft, title: event.target.value })}
      />
      <label htmlFor={`${id}-content`}>Note</label>
      <textarea
        id={`${id}-content`}
        name="content"
        rows={12}
        value={draft.content}
        onChange={(event) => onChange({ ...draft, content: event.target.value })}
      />
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
