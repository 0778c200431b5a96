import { expect, it } from 'vitest';
import type { ScenarioContext } from '../context.js';
import { expectJson, type NoteBody } from '../expectations.js';

/** Concurrent changes with the same `If-Match`: exactly one wins, the others are told why. */
export function concurrencyScenarios(ctx: ScenarioContext): void {
  it('lets exactly one of several concurrent updates with the same If-Match through', async () => {
    const note = await ctx.createNote(ctx.alice);

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ctx.api.patch(`/notes/${note.noteId}`, {
          token: ctx.alice.token,
          json: { content: `writer ${i}` },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );

    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const response of responses)
      if (response.status !== 200) expectJson(response, 412, { error: 'Version mismatch' });
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(winners[0]?.body);
    expect((winners[0]?.body as NoteBody | undefined)?.version).toBe(2);
  });

  it('lets exactly one of concurrent updates and deletes with the same If-Match through', async () => {
    const note = await ctx.createNote(ctx.alice);
    const path = `/notes/${note.noteId}`;
    const headers = { 'if-match': '"1"' };

    const responses = await Promise.all([
      ctx.api.delete(path, { token: ctx.alice.token, headers }),
      ctx.api.patch(path, { token: ctx.alice.token, json: { content: 'a' }, headers }),
      ctx.api.delete(path, { token: ctx.alice.token, headers }),
      ctx.api.patch(path, { token: ctx.alice.token, json: { content: 'b' }, headers }),
    ]);

    const winners = responses.filter((r) => r.status === 200 || r.status === 204);
    expect(winners).toHaveLength(1);
    for (const response of responses) {
      if (response.status !== 200 && response.status !== 204) expect([404, 412]).toContain(response.status);
    }
    const after = await ctx.getNote(ctx.alice, note.noteId);
    if (winners[0]?.status === 204) expectJson(after, 404);
    else expect(after.body).toEqual(winners[0]?.body);
  });
}
