import { expect, it } from 'vitest';
import { marker, type ScenarioContext } from '../context.js';
import { expectJson, expectListing, expectValidationFailed } from '../expectations.js';

const NOTE_NOT_FOUND = { error: 'Note not found' };

/** No user ever sees, lists, changes or deletes another's note. */
export function isolationScenarios(ctx: ScenarioContext): void {
  it("never shows Bob Alice's note: it is as absent as a note that never existed", async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Alice only' });

    const response = await ctx.getNote(ctx.bob, note.noteId);

    expectJson(response, 404, NOTE_NOT_FOUND);
    expect(response.text).not.toContain('Alice only');
  });

  it("never lists Alice's notes to Bob, whatever the query says", async () => {
    const note = await ctx.createNote(ctx.alice);
    await ctx.createNote(ctx.bob);

    const plain = await ctx.allNotes(ctx.bob);
    const named = expectListing(
      await ctx.api.get(`/notes?userId=${encodeURIComponent(ctx.alice.userId)}`, { token: ctx.bob.token }),
      ctx.bob.userId,
    );

    expect(plain.map((n) => n.noteId)).not.toContain(note.noteId);
    for (const n of plain) expect(n.userId).toBe(ctx.bob.userId);
    expect(named.notes.map((n) => n.noteId)).not.toContain(note.noteId);
  });

  it("never lets Bob change or delete Alice's note", async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Untouched' });

    const update = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.bob.token,
      json: { content: 'Bob was here' },
    });
    const versioned = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.bob.token,
      json: { content: 'Bob was here' },
      headers: { 'if-match': '"1"' },
    });
    const remove = await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.bob.token });

    expectJson(update, 404, NOTE_NOT_FOUND);
    expectJson(versioned, 404, NOTE_NOT_FOUND);
    expectJson(remove, 404, NOTE_NOT_FOUND);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('takes the owner from the token only: a body cannot name one', async () => {
    const title = marker();

    const response = await ctx.api.post('/notes', { token: ctx.bob.token, json: { title, userId: ctx.alice.userId } });

    expectValidationFailed(response, 'userId');
    await ctx.expectNothingStored(ctx.alice, title);
    await ctx.expectNothingStored(ctx.bob, title);
  });
}
