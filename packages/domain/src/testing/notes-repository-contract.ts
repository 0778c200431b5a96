/**
 * The contract every `NotesRepository` keeps, as one vitest suite that each adapter's tests
 * call with a factory for a fresh subject. Every test makes its own owners and ids, so tests
 * never depend on each other or on their order.
 *
 * @example
 * describeNotesRepositoryContract('InMemoryNotesRepository', () => new InMemoryNotesRepository());
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../attachment.js';
import {
  ConcurrentChangeError,
  NoteConflictError,
  NoteNotFoundError,
  ValidationError,
  VersionMismatchError,
} from '../errors.js';
import { CONTENT_MAX_BYTES, type Note } from '../note.js';
import { PageCursorCodec } from '../page-cursor.js';
import type { NotesRepository } from '../ports/notes-repository.js';
import { createNotesUseCases } from '../use-cases/notes-use-cases.js';
import { aNote, aPrincipal, aUserId, fixedClock, sequentialIds } from './fixtures.js';

export type ContractCase =
  | 'create and get'
  | 'create conflict'
  | 'list order'
  | 'pages'
  | 'cursors'
  | 'update'
  | 'update with version'
  | 'update never creates'
  | 'delete'
  | 'isolation'
  | 'concurrent updates'
  | 'concurrent deletes'
  | 'a write id applies once'
  | 'content at the size limit'
  | 'attachments replaced only from what was read'
  | 'attachments outlive note updates'
  | 'attachments of an absent note';

export interface ContractOptions {
  /** Cases this backend cannot support, each with the reason; they are reported as skipped, by name. */
  readonly unsupported?: Partial<Record<ContractCase, string>>;
}

export type SubjectFactory = () => NotesRepository | Promise<NotesRepository>;

export function describeNotesRepositoryContract(
  name: string,
  makeSubject: SubjectFactory,
  options: ContractOptions = {},
): void {
  const unsupported = options.unsupported ?? {};

  function contractCase(title: ContractCase, body: () => Promise<void>): void {
    const reason = unsupported[title];
    if (reason !== undefined) {
      it.skipIf(true)(`${title} (not supported by ${name}: ${reason})`, body);
    } else {
      describe(title, () => it(`holds for ${name}`, body));
    }
  }

  async function fixture() {
    const repository = await makeSubject();
    const ids = sequentialIds();
    const owner = aUserId();
    const seed = async (count: number, userId = owner): Promise<Note[]> => {
      const notes: Note[] = [];
      for (let i = 0; i < count; i += 1) {
        const note = aNote({ userId, noteId: ids.next(), title: `Note ${i}` });
        await repository.create(note);
        notes.push(note);
      }
      return notes;
    };
    return { repository, ids, owner, seed };
  }

  describe(`NotesRepository contract: ${name}`, () => {
    contractCase('create and get', async () => {
      const { repository, ids, owner } = await fixture();
      const note = aNote({ userId: owner, noteId: ids.next(), title: 'Groceries', content: 'Milk, ünïcödé ✓' });

      await repository.create(note);

      expect(await repository.get(owner, note.noteId)).toEqual(note);
      expect(await repository.get(owner, ids.next())).toBeUndefined();
    });

    contractCase('create conflict', async () => {
      const { repository, owner, seed } = await fixture();
      const [original] = await seed(1);
      const clash = aNote({ userId: owner, noteId: original!.noteId, title: 'Overwrite attempt' });

      await expect(repository.create(clash)).rejects.toBeInstanceOf(NoteConflictError);

      expect(await repository.get(owner, original!.noteId)).toEqual(original);
    });

    contractCase('list order', async () => {
      const { repository, owner, seed } = await fixture();
      const notes = await seed(4);

      const page = await repository.list(owner, { limit: 10 });

      expect(page.notes.map((n) => n.noteId)).toEqual(notes.map((n) => n.noteId).reverse());
      expect(page.lastNoteId).toBeUndefined();
      expect((await repository.list(aUserId(), { limit: 10 })).notes).toEqual([]);
    });

    contractCase('pages', async () => {
      const { repository, owner, seed } = await fixture();
      const ids = (await seed(5)).map((n) => n.noteId).reverse();

      const first = await repository.list(owner, { limit: 2 });
      const second = await repository.list(owner, { limit: 2, startAfter: first.lastNoteId! });
      const third = await repository.list(owner, { limit: 2, startAfter: second.lastNoteId! });
      const exact = await repository.list(owner, { limit: 5 });

      expect(first.notes.map((n) => n.noteId)).toEqual(ids.slice(0, 2));
      expect(second.notes.map((n) => n.noteId)).toEqual(ids.slice(2, 4));
      expect(third.notes.map((n) => n.noteId)).toEqual(ids.slice(4));
      expect(third.lastNoteId).toBeUndefined();
      expect(exact.notes).toHaveLength(5);
      expect(exact.lastNoteId).toBeUndefined();
    });

    contractCase('cursors', async () => {
      const repository = await makeSubject();
      const notes = createNotesUseCases({
        repository,
        clock: fixedClock(),
        ids: sequentialIds(),
        cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
      });
      const alice = aPrincipal();
      const mallory = aPrincipal();
      for (let i = 0; i < 3; i += 1) await notes.createNote.execute(alice, { title: `Alice ${i}` });
      await notes.createNote.execute(mallory, { title: 'Mallory' });

      const first = await notes.listNotes.execute(alice, { limit: 2 });
      const second = await notes.listNotes.execute(alice, { limit: '2', nextToken: first.nextToken });

      expect(first.nextToken).toEqual(expect.any(String));
      expect(second.notes.map((n) => n.title)).toEqual(['Alice 0']);
      expect(second.nextToken).toBeUndefined();
      await expect(notes.listNotes.execute(mallory, { nextToken: first.nextToken })).rejects.toBeInstanceOf(
        ValidationError,
      );
      const altered = `${first.nextToken!.slice(0, -2)}${first.nextToken!.endsWith('AA') ? 'BB' : 'AA'}`;
      await expect(notes.listNotes.execute(alice, { nextToken: altered })).rejects.toBeInstanceOf(ValidationError);
    });

    contractCase('update', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);

      const updated = await repository.update(owner, note!.noteId, {
        title: 'Renamed',
        updatedAt: '2026-02-02T00:00:00.000Z',
      });

      const expected = { ...note!, title: 'Renamed', updatedAt: '2026-02-02T00:00:00.000Z', version: 2 };
      expect(updated).toEqual(expected);
      expect(await repository.get(owner, note!.noteId)).toEqual(expected);
    });

    contractCase('update with version', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);
      const at = '2026-02-02T00:00:00.000Z';

      const second = await repository.update(owner, note!.noteId, { content: 'v2', updatedAt: at }, 1);
      const stale = repository.update(owner, note!.noteId, { content: 'stale', updatedAt: at }, 1);

      expect(second.version).toBe(2);
      await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
      expect((await repository.get(owner, note!.noteId))?.content).toBe('v2');
    });

    contractCase('update never creates', async () => {
      const { repository, ids, owner } = await fixture();
      const noteId = ids.next();
      const at = '2026-02-02T00:00:00.000Z';

      await expect(repository.update(owner, noteId, { title: 'x', updatedAt: at })).rejects.toBeInstanceOf(
        NoteNotFoundError,
      );
      await expect(repository.update(owner, noteId, { title: 'x', updatedAt: at }, 1)).rejects.toBeInstanceOf(
        NoteNotFoundError,
      );
      expect(await repository.get(owner, noteId)).toBeUndefined();
    });

    contractCase('delete', async () => {
      const { repository, ids, owner, seed } = await fixture();
      const [kept, removed] = await seed(2);

      await expect(repository.delete(owner, kept!.noteId, 7)).rejects.toBeInstanceOf(VersionMismatchError);
      await repository.delete(owner, removed!.noteId, 1);

      expect(await repository.get(owner, kept!.noteId)).toEqual(kept);
      expect(await repository.get(owner, removed!.noteId)).toBeUndefined();
      await expect(repository.delete(owner, removed!.noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
      await expect(repository.delete(owner, ids.next(), 1)).rejects.toBeInstanceOf(NoteNotFoundError);
    });

    contractCase('isolation', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);
      const other = aUserId();
      await seed(1, other);
      const at = '2026-02-02T00:00:00.000Z';

      expect(await repository.get(other, note!.noteId)).toBeUndefined();
      expect((await repository.list(other, { limit: 10 })).notes.map((n) => n.userId)).toEqual([other]);
      await expect(repository.update(other, note!.noteId, { title: 'x', updatedAt: at })).rejects.toBeInstanceOf(
        NoteNotFoundError,
      );
      await expect(repository.delete(other, note!.noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
      expect(await repository.get(owner, note!.noteId)).toEqual(note);
    });

    contractCase('concurrent updates', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);
      const at = '2026-02-02T00:00:00.000Z';

      const results = await Promise.allSettled(
        ['first', 'second'].map((content) => repository.update(owner, note!.noteId, { content, updatedAt: at }, 1)),
      );

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionMismatchError);
      const stored = await repository.get(owner, note!.noteId);
      expect(stored?.version).toBe(2);
      expect(stored?.content).toBe((won[0] as PromiseFulfilledResult<Note>).value.content);
    });

    contractCase('concurrent deletes', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);
      const at = '2026-02-02T00:00:00.000Z';

      const results = await Promise.allSettled([
        repository.delete(owner, note!.noteId, 1),
        repository.update(owner, note!.noteId, { content: 'late', updatedAt: at }, 1),
        repository.delete(owner, note!.noteId, 1),
      ]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(
            result.reason instanceof VersionMismatchError || result.reason instanceof NoteNotFoundError,
            String(result.reason),
          ).toBe(true);
        }
      }
    });

    contractCase('a write id applies once', async () => {
      const { repository, owner, seed } = await fixture();
      const [note] = await seed(1);
      const at = '2026-02-02T00:00:00.000Z';
      const writeId = `write-${aUserId()}`;

      const first = await repository.update(owner, note!.noteId, { content: 'once', updatedAt: at }, undefined, {
        writeId,
      });
      const again = await repository.update(owner, note!.noteId, { content: 'once', updatedAt: at }, undefined, {
        writeId,
      });
      const other = await repository.update(owner, note!.noteId, { content: 'twice', updatedAt: at });

      expect(first.version).toBe(2);
      expect(again).toEqual(first);
      expect(other.version).toBe(3);
    });

    contractCase('content at the size limit', async () => {
      const { repository, ids, owner } = await fixture();
      const content = 'é'.repeat(CONTENT_MAX_BYTES / 2);
      const note = aNote({ userId: owner, noteId: ids.next(), title: 't'.repeat(256), content });

      await repository.create(note);

      expect(await repository.get(owner, note.noteId)).toEqual(note);
    });

    const anAttachment = (attachmentId: string, overrides: Partial<Attachment> = {}): Attachment => ({
      attachmentId,
      name: 'Résumé (final).pdf',
      contentType: 'application/pdf',
      size: 1234,
      state: 'pending',
      createdAt: '2026-01-01T00:00:00.000Z',
      uploadExpiresAt: '2026-01-01T00:05:00.000Z',
      ...overrides,
    });

    contractCase('attachments replaced only from what was read', async () => {
      const { repository, ids, owner, seed } = await fixture();
      const [note] = await seed(1);
      const first = anAttachment(ids.next());
      const { uploadExpiresAt: _, ...readyStored } = { ...first, state: 'ready' as const };
      const second = anAttachment(ids.next(), { name: 'b.png', contentType: 'image/png', size: 1 });

      await repository.replaceAttachments(owner, note!.noteId, [], [first]);
      await repository.replaceAttachments(owner, note!.noteId, [first], [readyStored, second]);
      const stale = repository.replaceAttachments(owner, note!.noteId, [first], []);

      await expect(stale).rejects.toBeInstanceOf(ConcurrentChangeError);
      const stored = await repository.get(owner, note!.noteId);
      expect(stored?.attachments).toEqual([readyStored, second]);
      // An attachment change is not a change of the note's text: same version.
      expect(stored?.version).toBe(1);
      expect(stored?.updatedAt).toBe(note!.updatedAt);
      const listed = await repository.list(owner, { limit: 10 });
      expect(listed.notes[0]?.attachments).toEqual([readyStored, second]);
    });

    contractCase('attachments outlive note updates', async () => {
      const { repository, ids, owner, seed } = await fixture();
      const [note] = await seed(1);
      const attachment = anAttachment(ids.next());
      await repository.replaceAttachments(owner, note!.noteId, [], [attachment]);

      const updated = await repository.update(owner, note!.noteId, {
        title: 'New',
        updatedAt: '2026-02-02T00:00:00.000Z',
      });

      expect(updated.attachments).toEqual([attachment]);
      expect((await repository.get(owner, note!.noteId))?.attachments).toEqual([attachment]);
    });

    contractCase('attachments of an absent note', async () => {
      const { repository, ids, owner, seed } = await fixture();
      const [note] = await seed(1);
      const stranger = aUserId();

      const missing = repository.replaceAttachments(owner, ids.next(), [], [anAttachment(ids.next())]);
      const foreign = repository.replaceAttachments(stranger, note!.noteId, [], [anAttachment(ids.next())]);

      await expect(missing).rejects.toBeInstanceOf(NoteNotFoundError);
      await expect(foreign).rejects.toBeInstanceOf(NoteNotFoundError);
      expect((await repository.get(owner, note!.noteId))?.attachments).toEqual([]);
      expect(await repository.get(stranger, note!.noteId)).toBeUndefined();
    });
  });
}
