import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { marker, type ScenarioContext, type SeedNoteItem } from '../context.js';
import { expectJson } from '../expectations.js';

/** Notes the tutorial's Python Lambda wrote in the same table are served like any other. */
export function tutorialLambdaNotesScenarios(ctx: ScenarioContext): void {
  it('are served, listed, updated and deleted like any other', async () => {
    const owner = ctx.admin;
    const item: SeedNoteItem = {
      userId: owner.userId,
      noteId: randomUUID(),
      title: marker(),
      content: 'Written by Python',
      createdAt: '2026-04-24T10:00:00.123456',
    };
    await ctx.env.storeSeedNote(item);
    const path = `/notes/${item.noteId}`;

    const read = await ctx.api.get(path, { token: owner.token });
    const listed = await ctx.allNotes(owner);
    const updated = await ctx.api.patch(path, {
      token: owner.token,
      json: { content: 'Edited here' },
      headers: { 'if-match': '"1"' },
    });
    const removed = await ctx.api.delete(path, { token: owner.token });

    expectJson(read, 200, {
      ...item,
      createdAt: '2026-04-24T10:00:00.123Z',
      updatedAt: '2026-04-24T10:00:00.123Z',
      version: 1,
      attachments: [],
    });
    expect(read.headers.get('etag')).toBe('"1"');
    expect(listed.map((n) => n.noteId)).toContain(item.noteId);
    expectJson(updated, 200);
    expect(updated.body).toMatchObject({ noteId: item.noteId, content: 'Edited here', version: 2 });
    expect(removed.status).toBe(204);
    expectJson(await ctx.getNote(owner, item.noteId), 404, { error: 'Note not found' });
  });
}
