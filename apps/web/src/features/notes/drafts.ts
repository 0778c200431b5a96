/**
 * Unsaved writing, kept in this tab's sessionStorage on every keystroke: it survives a reload
 * and the full-page trip to the managed login and back (an expired session, a sign-in), and it
 * goes when the tab closes or at sign-out. A draft of a new note keeps its Idempotency-Key, so
 * saving it again after a lost answer cannot make a second note.
 */
import { useCallback, useState } from 'react';

const PREFIX = 'secure-notes.draft.';

export interface Draft {
  readonly title: string;
  readonly content: string;
  /** The version the edit started from (edits of an existing note). */
  readonly baseVersion?: number | undefined;
  /** The key a new note's create is sent with. */
  readonly idempotencyKey?: string | undefined;
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readDraft(key: string): Draft | undefined {
  const text = storage()?.getItem(PREFIX + key);
  if (text === null || text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Draft>;
    if (typeof value.title !== 'string' || typeof value.content !== 'string') return undefined;
    return value as Draft;
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, draft: Draft): void {
  storage()?.setItem(PREFIX + key, JSON.stringify(draft));
}

export function clearDraft(key: string): void {
  storage()?.removeItem(PREFIX + key);
}

/** Forgets every draft of this tab: at sign-out, so the next person at this browser sees none. */
export function clearAllDrafts(): void {
  const store = storage();
  if (store === undefined) return;
  const keys = Array.from({ length: store.length }, (_, index) => store.key(index)).filter(
    (key): key is string => key?.startsWith(PREFIX) === true,
  );
  for (const key of keys) store.removeItem(key);
}

/** Whether this tab holds any unsaved draft. */
export function hasDrafts(): boolean {
  const store = storage();
  if (store === undefined) return false;
  return Array.from({ length: store.length }, (_, index) => store.key(index)).some((key) => key?.startsWith(PREFIX));
}

export interface DraftState {
  readonly draft: Draft;
  /** Whether the draft came from storage (unsaved writing from before). */
  readonly restored: boolean;
  readonly change: (draft: Draft) => void;
  readonly discard: (next: Draft) => void;
}

/** A draft under `key`, starting from storage when there is one there, else from `initial`. */
export function useDraft(key: string, initial: () => Draft): DraftState {
  const [state, setState] = useState(() => {
    const stored = readDraft(key);
    return { draft: stored ?? initial(), restored: stored !== undefined };
  });
  const change = useCallback(
    (draft: Draft) => {
      writeDraft(key, draft);
      setState((previous) => ({ draft, restored: previous.restored }));
    },
    [key],
  );
  const discard = useCallback(
    (next: Draft) => {
      clearDraft(key);
      setState({ draft: next, restored: false });
    },
    [key],
  );
  return { draft: state.draft, restored: state.restored, change, discard };
}
