import { describe, expect, it, vi } from 'vitest';
import {
  ForbiddenError,
  NoteConflictError,
  NoteNotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.js';
import type { Note } from '../note.js';
import { PageCursorCodec } from '../page-cursor.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import { aNote, aPrincipal, fixedClock, sequentialIds } from '../testing/fixtures.js';
import { createNotesUseCases } from './notes-use-cases.js';

/** A repository whose every method is a spy; tests give the answers they need. */
function spyRepository(overrides: Partial<NotesRepository> = {}): NotesRepository {
  return {
    create: vi.fn(async () => {}),
    get: vi.fn(async () => undefined),
    list: vi.fn(async () => ({ notes: [] })),
    update: vi.fn(async () => {
      throw new NoteNotFoundError('x');
    }),
    replaceAttachments: vi.fn(async () => {}),
    delete: vi.fn(async () => {}),
    ...overrides,
  };
}

function subject(repository: NotesRepository) {
  const clock = fixedClock('2026-04-24T10:00:00.000Z');
  const ids = sequentialIds();
  return createNotesUseCases({ repository, clock, ids, cursors: new PageCursorCodec('x'.repeat(32)) });
}

describe('CreateNote', () => {
  it('stores the note under the caller with defaults, version 1 and timestamps', async () => {
    const repository = spyRepository();
    const caller = aPrincipal();

    const note = await subject(repository).createNote.execute(caller, {});

    expect(note).toMatchObject({
      userId: caller.userId,
      title: 'Untitled',
      content: '',
      version: 1,
      createdAt: '2026-04-24T10:00:00.000Z',
      updatedAt: '2026-04-24T10:00:00.000Z',
    });
    expect(repository.create).toHaveBeenCalledWith(note, {});
  });

  it('refuses a body that names an owner, and stores nothing', async () => {
    const repository = spyRepository();

    const creating = subject(repository).createNote.execute(aPrincipal(), { title: 't', userId: 'victim' });

    await expect(creating).rejects.toBeInstanceOf(ValidationError);
    expect(repository.create).not.toHaveBeenCalled();
  });

  it('needs the notes/write scope on an access token', async () => {
    const repository = spyRepository();
    const reader = aPrincipal({ tokenUse: 'access', scopes: ['notes/read'] });

    await expect(subject(repository).createNote.execute(reader, {})).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(repository.create).not.toHaveBeenCalled();
  });
});

describe('GetNote', () => {
  it("answers not found for a note the repository returns with another owner's id", async () => {
    const caller = aPrincipal();
    const foreign: Note = aNote({ userId: 'someone-else', noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB' });
    const repository = spyRepository({ get: vi.fn(async () => foreign) });

    await expect(subject(repository).getNote.execute(caller, foreign.noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
  });

  it('answers not found for an id that is neither a ULID nor a UUID, without asking storage', async () => {
    const repository = spyRepository();

    await expect(subject(repository).getNote.execute(aPrincipal(), 'x; DROP TABLE')).rejects.toBeInstanceOf(
      NoteNotFoundError,
    );
    expect(repository.get).not.toHaveBeenCalled();
  });

  it('asks storage only within the caller’s own notes', async () => {
    const repository = spyRepository();
    const caller = aPrincipal();

    await subject(repository)
      .getNote.execute(caller, '01JDQ4ZK8G6Y4M3XWQY9T2V7AB')
      .catch(() => {});

    expect(repository.get).toHaveBeenCalledWith(caller.userId, '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', {});
  });
});

describe('UpdateNote', () => {
  it('passes the changes, the clock time and the expected version to storage', async () => {
    const caller = aPrincipal();
    const stored = aNote({ userId: caller.userId, noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', version: 4 });
    const repository = spyRepository({ update: vi.fn(async () => stored) });

    await subject(repository).updateNote.execute(caller, stored.noteId, { content: 'new' }, 3);

    expect(repository.update).toHaveBeenCalledWith(
      caller.userId,
      stored.noteId,
      { content: 'new', updatedAt: '2026-04-24T10:00:00.000Z' },
      3,
      {},
    );
  });

  it('rejects an empty change before reaching storage', async () => {
    const repository = spyRepository();

    const updating = subject(repository).updateNote.execute(aPrincipal(), '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', {});

    await expect(updating).rejects.toBeInstanceOf(ValidationError);
    expect(repository.update).not.toHaveBeenCalled();
  });
});

describe('AdminListUserNotes', () => {
  it('forbids a caller outside the admin group', async () => {
    const repository = spyRepository();

    const listing = subject(repository).adminListUserNotes.execute(aPrincipal({ groups: ['users'] }), 'target');

    await expect(listing).rejects.toBeInstanceOf(ForbiddenError);
    expect(repository.list).not.toHaveBeenCalled();
  });

  it('refuses a user id no user pool could have issued, before reaching storage', async () => {
    const repository = spyRepository();

    const listing = subject(repository).adminListUserNotes.execute(aPrincipal({ groups: ['admin'] }), 'u'.repeat(129));

    await expect(listing).rejects.toBeInstanceOf(ValidationError);
    expect(repository.list).not.toHaveBeenCalled();
  });

  it("lists the named user's notes for an admin", async () => {
    const repository = spyRepository();

    const listing = await subject(repository).adminListUserNotes.execute(aPrincipal({ groups: ['admin'] }), 'target');

    expect(listing).toEqual({ notes: [], count: 0 });
    expect(repository.list).toHaveBeenCalledWith('target', { limit: 50 }, {});
  });
});

describe('ListNotes under a page budget', () => {
  const owner = aPrincipal();
  const notes = ['a', 'b', 'c', 'd', 'e'].map((title, i) =>
    aNote({ userId: owner.userId, noteId: `01JDQ4ZK8G6Y4M3XWQY9T2V7A${i}`, title }),
  );
  const budget = (most: number) => ({ fits: (page: readonly Note[]) => page.length <= most });

  it('ends the page at the last note that fits, and its token continues after that note', async () => {
    const repository = spyRepository({
      list: vi.fn(async () => ({ notes, lastNoteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7A4' })),
    });
    const useCases = subject(repository);

    const first = await useCases.listNotes.execute(owner, { limit: 5 }, { budget: budget(3) });
    await useCases.listNotes.execute(owner, { limit: 5, nextToken: first.nextToken });

    expect(first.notes.map((note) => note.title)).toEqual(['a', 'b', 'c']);
    expect(first.count).toBe(3);
    expect(repository.list).toHaveBeenLastCalledWith(owner.userId, { limit: 5, startAfter: notes[2]?.noteId }, {});
  });

  it('keeps a page that fits as the repository gave it, and always its first note', async () => {
    const repository = spyRepository({ list: vi.fn(async () => ({ notes })) });
    const useCases = subject(repository);

    const whole = await useCases.listNotes.execute(owner, {}, { budget: budget(5) });
    const one = await useCases.listNotes.execute(owner, {}, { budget: budget(0) });

    expect(whole).toEqual({ notes, count: 5 });
    expect(one.notes.map((note) => note.title)).toEqual(['a']);
    expect(one.nextToken).toBeDefined();
  });
});

describe('DeleteNote', () => {
  it('deletes within the caller’s own notes, with the expected version', async () => {
    const repository = spyRepository();
    const caller = aPrincipal();

    await subject(repository).deleteNote.execute(caller, '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', 2);

    expect(repository.delete).toHaveBeenCalledWith(caller.userId, '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', 2, {});
  });
});

describe('keyed writes', () => {
  it('creates a keyed note under its reservation, and answers a repeat with the note an earlier attempt stored', async () => {
    const caller = aPrincipal();
    const reservation = '01JDQ4ZK8G6Y4M3XWQY9T2V7AB';
    const earlier = aNote({ userId: caller.userId, noteId: reservation, title: 'first attempt' });
    const repository = spyRepository({
      create: vi.fn(async () => {
        throw new NoteConflictError(reservation);
      }),
      get: vi.fn(async () => earlier),
    });

    const note = await subject(repository).createNote.execute(
      caller,
      { title: 'first attempt' },
      { reservation, deadline: 5 },
    );

    expect(note).toEqual(earlier);
    expect(repository.create).toHaveBeenCalledWith(expect.objectContaining({ noteId: reservation }), { deadline: 5 });
  });

  it('still refuses a conflict on an id that was not reserved for the request', async () => {
    const repository = spyRepository({
      create: vi.fn(async () => {
        throw new NoteConflictError('x');
      }),
    });

    await expect(subject(repository).createNote.execute(aPrincipal(), {})).rejects.toBeInstanceOf(NoteConflictError);
  });

  it('marks a keyed update with its reservation and passes the deadline on', async () => {
    const caller = aPrincipal();
    const stored = aNote({ userId: caller.userId, noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', version: 2 });
    const repository = spyRepository({ update: vi.fn(async () => stored) });

    await subject(repository).updateNote.execute(caller, stored.noteId, { title: 't' }, undefined, {
      reservation: 'r-1',
      deadline: 9,
    });

    expect(repository.update).toHaveBeenCalledWith(caller.userId, stored.noteId, expect.anything(), undefined, {
      writeId: 'r-1',
      deadline: 9,
    });
  });

  it('calls a retried keyed delete that finds the note gone done, and a first one not found', async () => {
    const repository = spyRepository({
      delete: vi.fn(async () => {
        throw new NoteNotFoundError('x');
      }),
    });
    const notes = subject(repository);

    await expect(
      notes.deleteNote.execute(aPrincipal(), '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', undefined, { retried: true }),
    ).resolves.toBeUndefined();
    await expect(notes.deleteNote.execute(aPrincipal(), '01JDQ4ZK8G6Y4M3XWQY9T2V7AB')).rejects.toBeInstanceOf(
      NoteNotFoundError,
    );
  });
});
