/** After a 412: the version someone else saved, and the two ways out. */
import { useEffect, useRef } from 'react';
import type { Note } from '../api/types.js';

export interface ConflictPanelProps {
  readonly theirs: Note;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
  readonly saving: boolean;
}

export function ConflictPanel({ theirs, onKeepMine, onTakeTheirs, saving }: ConflictPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading" tabIndex={-1} ref={heading}>
        This note was changed somewhere else
      </h2>
      <p>
        Someone saved a newer version after you opened it. Your text is still in the form; the newer version is below.
      </p>
      <figure className="theirs">
        <figcaption>Newer version</figcaption>
        <p className="note-title">{theirs.title}</p>
        <p className="note-content">{theirs.content}</p>
      </figure>
      <div className="actions">
        <button type="button" onClick={onKeepMine} disabled={saving}>
          Keep mine
        </button>
        <button type="button" className="secondary" onClick={onTakeTheirs} disabled={saving}>
          Take theirs
        </button>
      </div>
    </section>
  );
}
