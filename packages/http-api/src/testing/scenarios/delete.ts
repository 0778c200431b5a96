import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { INVALID_NOTE_IDS, type ScenarioContext } from '../context.js';
import { expectJson, expectPrivate } from '../expectations.js';

const NOTE_NOT_FOUND = { error: 'Note not found' };

/** `DELETE /notes/{noteId}`. */
export function deleteScenarios(ctx: ScenarioContext): void {
  it('deletes the note: 204 with an empty body, then 404', async () => {
    const note = await ctx.createNote(ctx.alice);

    const response = await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token });

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectPrivate(response);
    expectJson(await ctx.getNote(ctx.alice, note.noteId), 404, NOTE_NOT_FOUND);
  });

  it('answers 404 when the note is absent', async () => {
    const missing = await ctx.goneNoteId(ctx.alice);

    const again = await ctx.api.delete(`/notes/${missing}`, { token: ctx.alice.token });
    const uuid = await ctx.api.delete(`/notes/${randomUUID()}`, { token: ctx.alice.token });

    expectJson(again, 404, NOTE_NOT_FOUND);
    expectJson(uuid, 404, NOTE_NOT_FOUND);
  });

  it('answers 404 for a note id in no known format', async () => {
    for (const noteId of INVALID_NOTE_IDS) {
      expectJson(await ctx.api.delete(`/notes/${noteId}`, { token: ctx.alice.token }), 404, NOTE_NOT_FOUND);
    }
  });

  it('honours If-Match: a stale version is 412 and the note stays; the current one deletes', async () => {
    const note = await ctx.createNote(ctx.alice);
    await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: { content: 'v2' } });

    const stale = await ctx.api.delete(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      headers: { 'if-match': '"1"' },
    });
    const stillThere = await ctx.getNote(ctx.alice, note.noteId);
    const current = await ctx.api.delete(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      headers: { 'if-match': '"2"' },
    });

    expectJson(stale, 412, { error: 'Version mismatch' });
    expectJson(stillThere, 200);
    expect(current.status).toBe(204);
    expectJson(await ctx.getNote(ctx.alice, note.noteId), 404, NOTE_NOT_FOUND);
  });
}
