import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { INVALID_NOTE_IDS, type ScenarioContext } from '../context.js';
import { expectJson, expectPrivate } from '../expectations.js';

const NOTE_NOT_FOUND = { error: 'Note not found' };

/** `GET /notes/{noteId}`. */
export function readScenarios(ctx: ScenarioContext): void {
  it('returns the note with its ETag', async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Some content' });

    const response = await ctx.getNote(ctx.alice, note.noteId);

    expectJson(response, 200, note);
    expectPrivate(response);
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('answers 404 for a note that does not exist', async () => {
    const missing = await ctx.goneNoteId(ctx.alice);

    const gone = await ctx.getNote(ctx.alice, missing);
    const uuid = await ctx.getNote(ctx.alice, randomUUID());

    expectJson(gone, 404, NOTE_NOT_FOUND);
    expectJson(uuid, 404, NOTE_NOT_FOUND);
    expectPrivate(gone);
  });

  it('answers 404 for a note id in no known format, never a storage error', async () => {
    for (const noteId of INVALID_NOTE_IDS) {
      const response = await ctx.getNote(ctx.alice, noteId);

      expectJson(response, 404, NOTE_NOT_FOUND);
    }
  });
}
