import { aNote, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { describe, expect, it } from 'vitest';
import { fromNoteItem, isSameNoteItem, serializedItemBytes, toNoteItem, WRITE_ID_ATTRIBUTE } from './note-item.js';

describe('Note items', () => {
  it('store a note in the tutorial layout and read it back unchanged', () => {
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next(), title: 'Groceries', version: 3 });

    const item = toNoteItem(note);

    expect(Object.keys(item).sort()).toEqual(
      ['content', 'createdAt', 'noteId', 'title', 'updatedAt', 'userId', 'version'].sort(),
    );
    expect(fromNoteItem(item)).toEqual(note);
  });

  it("read an item of the tutorial's Python Lambda as version 1, last updated when created, in UTC", () => {
    const item = {
      userId: aUserId(),
      noteId: '7f8e9d0c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      title: 'My first note',
      content: 'Hello world',
      createdAt: '2026-04-24T10:00:00.123456',
    };

    const note = fromNoteItem(item);

    expect(note).toEqual({
      ...item,
      createdAt: '2026-04-24T10:00:00.123Z',
      updatedAt: '2026-04-24T10:00:00.123Z',
      version: 1,
      attachments: [],
    });
  });

  it('read what the tutorial stored from loose JSON as text, with the API defaults for missing fields', () => {
    const item = {
      userId: aUserId(),
      noteId: sequentialIds().next(),
      title: 42,
      content: null,
      createdAt: '2026-04-24T10:00:00',
    };

    const note = fromNoteItem(item);

    expect(note.title).toBe('42');
    expect(note.content).toBe('');
    expect(note.createdAt).toBe('2026-04-24T10:00:00.000Z');
    expect(fromNoteItem({ userId: 'u', noteId: 'n' }).title).toBe('Untitled');
  });

  it("keep an update's write id out of the note", () => {
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next(), version: 2 });

    const read = fromNoteItem({ ...toNoteItem(note), [WRITE_ID_ATTRIBUTE]: 'f3b1c2d4-0000-4000-8000-000000000000' });

    expect(read).toEqual(note);
    expect(read).not.toHaveProperty(WRITE_ID_ATTRIBUTE);
  });

  it('recognise the very item a create wrote, and no item that differs in any note field', () => {
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next(), title: 'Mine', version: 1 });
    const written = toNoteItem(note);
    const changes = { title: 'Theirs', content: 'other', createdAt: '2000-01-01T00:00:00.000Z', version: 2 };

    const same = isSameNoteItem({ ...written }, written);
    const differing = Object.entries(changes).map(([name, value]) =>
      isSameNoteItem({ ...written, [name]: value }, written),
    );

    expect(same).toBe(true);
    expect(differing).toEqual([false, false, false, false]);
  });

  it('refuse an item without its keys, which means the table is not the Notes table', () => {
    expect(() => fromNoteItem({ id: 'x' })).toThrow(/userId and noteId/);
  });

  it('weigh an item as the JSON it becomes, in UTF-8 with escapes', () => {
    const plain = serializedItemBytes({ userId: 'u', content: '' });

    const accented = serializedItemBytes({ userId: 'u', content: 'é'.repeat(1000) });
    const quoted = serializedItemBytes({ userId: 'u', content: '"'.repeat(1000) });
    const controls = serializedItemBytes({ userId: 'u', content: '\u0001'.repeat(1000) });

    expect(accented - plain).toBe(2000);
    expect(quoted - plain).toBe(2000);
    expect(controls - plain).toBe(6000);
  });
});
