import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { INVALID_NOTE_IDS, marker, type ScenarioContext } from '../context.js';
import { expectJson, expectNote, expectPrivate, expectValidationFailed, type NoteBody } from '../expectations.js';

const NOTE_NOT_FOUND = { error: 'Note not found' };
const VERSION_MISMATCH = { error: 'Version mismatch' };

/** `PATCH /notes/{noteId}`. */
export function updateScenarios(ctx: ScenarioContext): void {
  it('changes only the title, and counts the version up', async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Kept content' });
    const title = marker();

    const response = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: { title } });

    expectJson(response, 200);
    expectPrivate(response);
    const updated = expectNote(response.body, ctx.alice.userId);
    expect(updated).toMatchObject({
      noteId: note.noteId,
      title,
      content: 'Kept content',
      createdAt: note.createdAt,
      version: 2,
    });
    expect(updated.updatedAt >= note.createdAt).toBe(true);
    expect(response.headers.get('etag')).toBe('"2"');
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(updated);
  });

  it('changes only the content', async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Old' });

    const response = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: { content: 'New' } });

    expectJson(response, 200);
    expect(response.body).toMatchObject({ title: note.title, content: 'New', version: 2 });
  });

  it('changes both fields at once', async () => {
    const note = await ctx.createNote(ctx.alice);
    const title = marker();

    const response = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { title, content: 'Both' },
    });

    expect(response.body).toMatchObject({ title, content: 'Both', version: 2 });
  });

  it('needs at least one field, and a body', async () => {
    const note = await ctx.createNote(ctx.alice);

    const empty = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: {} });
    const absent = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token });

    expectValidationFailed(empty);
    expectValidationFailed(absent);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('applies the change when If-Match names the current version', async () => {
    const note = await ctx.createNote(ctx.alice);

    const strong = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { content: 'v2' },
      headers: { 'if-match': '"1"' },
    });
    const any = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { content: 'v3' },
      headers: { 'if-match': '*' },
    });

    expectJson(strong, 200);
    expect(strong.body).toMatchObject({ content: 'v2', version: 2 });
    expectJson(any, 200);
    expect(any.body).toMatchObject({ content: 'v3', version: 3 });
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const note = await ctx.createNote(ctx.alice);
    const first = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: { content: 'first' } });
    const current = first.body as NoteBody;

    const stale = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { content: 'second' },
      headers: { 'if-match': '"1"' },
    });

    expectJson(stale, 412, VERSION_MISMATCH);
    expectPrivate(stale);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(current);
  });

  it('refuses a weak or malformed If-Match with 412, and takes a bare version', async () => {
    const note = await ctx.createNote(ctx.alice);

    const weak = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { title: 'weak' },
      headers: { 'if-match': 'W/"1"' },
    });
    const garbage = await ctx.api.delete(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      headers: { 'if-match': 'banana' },
    });
    const unchanged = await ctx.getNote(ctx.alice, note.noteId);
    const bare = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { title: 'bare' },
      headers: { 'if-match': '1' },
    });

    expectJson(weak, 412, VERSION_MISMATCH);
    expectJson(garbage, 412, VERSION_MISMATCH);
    expect(unchanged.body).toEqual(note);
    expectJson(bare, 200);
    expect(bare.body).toMatchObject({ title: 'bare', version: 2 });
  });

  it('never creates a note: 404 when it is absent', async () => {
    const missing = await ctx.goneNoteId(ctx.alice);
    const uuid = randomUUID();

    const gone = await ctx.api.patch(`/notes/${missing}`, { token: ctx.alice.token, json: { title: 'x' } });
    const unknown = await ctx.api.patch(`/notes/${uuid}`, { token: ctx.alice.token, json: { title: 'x' } });
    const withVersion = await ctx.api.patch(`/notes/${missing}`, {
      token: ctx.alice.token,
      json: { title: 'x' },
      headers: { 'if-match': '"1"' },
    });

    expectJson(gone, 404, NOTE_NOT_FOUND);
    expectJson(unknown, 404, NOTE_NOT_FOUND);
    expectJson(withVersion, 404, NOTE_NOT_FOUND);
    expectJson(await ctx.getNote(ctx.alice, missing), 404, NOTE_NOT_FOUND);
    expectJson(await ctx.getNote(ctx.alice, uuid), 404, NOTE_NOT_FOUND);
  });

  it('answers 404 for a note id in no known format', async () => {
    for (const noteId of INVALID_NOTE_IDS) {
      const response = await ctx.api.patch(`/notes/${noteId}`, { token: ctx.alice.token, json: { title: 'x' } });

      expectJson(response, 404, NOTE_NOT_FOUND);
    }
  });
}
