import { expect, it } from 'vitest';
import { LIMITS, type ScenarioContext } from '../context.js';
import { altered, expectValidationFailed } from '../expectations.js';

/** `GET /notes`: newest first, a page at a time. */
export function listScenarios(ctx: ScenarioContext): void {
  it('lists the newest note first', async () => {
    const a = await ctx.createNote(ctx.alice);
    const b = await ctx.createNote(ctx.alice);
    const c = await ctx.createNote(ctx.alice);

    const listing = await ctx.listPage(ctx.alice, { limit: '3' });

    expect(listing.notes.map((n) => n.noteId)).toEqual([c.noteId, b.noteId, a.noteId]);
    expect(listing.notes[0]).toEqual(c);
  });

  it('continues with nextToken, without repeating a note', async () => {
    const a = await ctx.createNote(ctx.alice);
    const b = await ctx.createNote(ctx.alice);
    const c = await ctx.createNote(ctx.alice);

    const first = await ctx.listPage(ctx.alice, { limit: '2' });
    const second = await ctx.listPage(ctx.alice, { limit: '2', nextToken: first.nextToken ?? '' });

    expect(first.notes.map((n) => n.noteId)).toEqual([c.noteId, b.noteId]);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(second.notes[0]?.noteId).toBe(a.noteId);
    const firstIds = new Set(first.notes.map((n) => n.noteId));
    expect(second.notes.filter((n) => firstIds.has(n.noteId))).toEqual([]);
  });

  it('walks every note page by page, and the last page has no nextToken', async () => {
    const created = [await ctx.createNote(ctx.alice), await ctx.createNote(ctx.alice), await ctx.createNote(ctx.alice)];

    const paged = await ctx.allNotes(ctx.alice, 2);
    const whole = await ctx.allNotes(ctx.alice, LIMITS.pageMax);

    const ids = paged.map((n) => n.noteId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(whole.map((n) => n.noteId));
    for (const note of created) expect(ids).toContain(note.noteId);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('pages 50 notes by default, and up to 100 when asked', async () => {
    const existing = (await ctx.allNotes(ctx.alice)).length;
    for (let i = existing; i <= LIMITS.pageDefault; i += 1) await ctx.createNote(ctx.alice);

    const byDefault = await ctx.listPage(ctx.alice);
    const one = await ctx.listPage(ctx.alice, { limit: '1' });
    const most = await ctx.listPage(ctx.alice, { limit: String(LIMITS.pageMax) });

    expect(byDefault.count).toBe(LIMITS.pageDefault);
    expect(byDefault.nextToken).toEqual(expect.any(String));
    expect(one.count).toBe(1);
    expect(one.nextToken).toEqual(expect.any(String));
    expect(most.count).toBe(Math.min(LIMITS.pageMax, Math.max(existing, LIMITS.pageDefault + 1)));
  });

  it('refuses a limit outside 1..100, or given twice', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '1.5', '', '1e2']) {
      const response = await ctx.api.get(`/notes?limit=${encodeURIComponent(limit)}`, { token: ctx.alice.token });

      expectValidationFailed(response, 'limit');
    }
    expectValidationFailed(await ctx.api.get('/notes?limit=1&limit=2', { token: ctx.alice.token }), 'limit');
  });

  it('refuses an altered nextToken, or one made for another user, with 400', async () => {
    await ctx.createNote(ctx.alice);
    await ctx.createNote(ctx.alice);
    const first = await ctx.listPage(ctx.alice, { limit: '1' });
    const token = first.nextToken ?? '';

    const attempts = [
      { user: ctx.alice, nextToken: altered(token) },
      { user: ctx.alice, nextToken: `${token}x` },
      { user: ctx.alice, nextToken: `x${token}` },
      { user: ctx.alice, nextToken: 'not-a-page-token' },
      { user: ctx.bob, nextToken: token },
    ];

    for (const { user, nextToken } of attempts) {
      const query = new URLSearchParams({ nextToken });
      expectValidationFailed(await ctx.api.get(`/notes?${query}`, { token: user.token }), 'nextToken');
    }
  });
}
