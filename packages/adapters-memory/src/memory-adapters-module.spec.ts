import { notesModule, TOKENS } from '@secure-notes/container';
import { ForbiddenError, NoteNotFoundError, VersionMismatchError } from '@secure-notes/domain';
import { aPrincipal } from '@secure-notes/domain/testing';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { memoryAdaptersModule } from './memory-adapters-module.js';
import { StaticTokenVerifier } from './static-token-verifier.js';

function compose() {
  const container = new Container({ defaultScope: 'Singleton' });
  const clock = new ManualClock('2026-04-24T10:00:00.000Z');
  container.bind(TOKENS.PageCursorSecret).toConstantValue('a-secret-for-tests-only');
  container.load(notesModule, memoryAdaptersModule({ clock, tokenVerifier: new StaticTokenVerifier() }));
  return { notes: container.get(TOKENS.NotesUseCases), clock, container };
}

describe('the notes use cases over the in-memory adapters', () => {
  it('resolves one container with every port bound', () => {
    const { container } = compose();

    expect(container.get(TOKENS.NotesUseCases)).toBe(container.get(TOKENS.NotesUseCases));
    expect(container.get(TOKENS.TokenVerifier)).toBeInstanceOf(StaticTokenVerifier);
  });

  it('lists the caller’s notes newest first and never another user’s', async () => {
    const { notes, clock } = compose();
    const alice = aPrincipal();
    const bob = aPrincipal();
    for (const title of ['first', 'second', 'third']) {
      await notes.createNote.execute(alice, { title });
      clock.advance(1000);
    }
    await notes.createNote.execute(bob, { title: 'bob' });

    const listing = await notes.listNotes.execute(alice);

    expect(listing.notes.map((n) => n.title)).toEqual(['third', 'second', 'first']);
    expect(listing.count).toBe(3);
    expect(listing.nextToken).toBeUndefined();
  });

  it('updates with versions and reports a stale version', async () => {
    const { notes, clock } = compose();
    const alice = aPrincipal();
    const note = await notes.createNote.execute(alice, { title: 'draft' });
    clock.advance(5000);

    const updated = await notes.updateNote.execute(alice, note.noteId, { title: 'final' }, 1);

    expect(updated).toMatchObject({ title: 'final', version: 2, updatedAt: '2026-04-24T10:00:05.000Z' });
    expect(updated.createdAt).toBe(note.createdAt);
    await expect(notes.updateNote.execute(alice, note.noteId, { title: 'late' }, 1)).rejects.toBeInstanceOf(
      VersionMismatchError,
    );
  });

  it("hides another user's note behind not found for get, update and delete", async () => {
    const { notes } = compose();
    const alice = aPrincipal();
    const mallory = aPrincipal();
    const note = await notes.createNote.execute(alice, { title: 'secret' });

    await expect(notes.getNote.execute(mallory, note.noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
    await expect(notes.updateNote.execute(mallory, note.noteId, { title: 'x' })).rejects.toBeInstanceOf(
      NoteNotFoundError,
    );
    await expect(notes.deleteNote.execute(mallory, note.noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
    expect(await notes.getNote.execute(alice, note.noteId)).toEqual(note);
  });

  it('lets an admin read another user’s notes and forbids everyone else', async () => {
    const { notes } = compose();
    const alice = aPrincipal();
    await notes.createNote.execute(alice, { title: 'mine' });

    const listing = await notes.adminListUserNotes.execute(aPrincipal({ groups: ['admin'] }), alice.userId);

    expect(listing.notes.map((n) => n.title)).toEqual(['mine']);
    await expect(notes.adminListUserNotes.execute(aPrincipal(), alice.userId)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
