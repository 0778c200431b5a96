import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { marker, type ScenarioContext } from '../context.js';
import { expectJson, expectNote, expectValidationFailed, type NoteBody } from '../expectations.js';

const key = () => `scenario-${randomUUID()}`;

/** `Idempotency-Key`: a write repeated after a lost answer happens once. */
export function idempotencyScenarios(ctx: ScenarioContext): void {
  const post = (json: unknown, idempotencyKey: string, user = ctx.alice) =>
    ctx.api.post('/notes', { token: user.token, json, headers: { 'Idempotency-Key': idempotencyKey } });

  it('answers a repeated create with the first answer, and stores one note', async () => {
    const title = marker();
    const k = key();

    const first = await post({ title, content: 'once' }, k);
    const repeat = await post({ content: 'once', title }, k);

    expectJson(first, 201);
    expectJson(repeat, 201, first.body);
    expect(repeat.headers.get('location')).toBe(first.headers.get('location'));
    expect(repeat.headers.get('etag')).toBe('"1"');
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await ctx.allNotes(ctx.alice)).filter((n) => n.title === title)).toHaveLength(1);
  });

  it('refuses the same key with another request, and changes nothing', async () => {
    const title = marker();
    const k = key();
    await post({ title }, k);

    const other = await post({ title: `${title}-other` }, k);

    expectJson(other, 422, { error: 'Idempotency-Key reused with another request' });
    await ctx.expectNothingStored(ctx.alice, `${title}-other`);
  });

  it("keeps each user's keys apart: the same key names two operations for two users", async () => {
    const k = key();

    const alices = await post({ title: marker() }, k, ctx.alice);
    const bobs = await post({ title: marker() }, k, ctx.bob);

    expectJson(alices, 201);
    expectJson(bobs, 201);
    expectNote(bobs.body, ctx.bob.userId);
    expect((bobs.body as NoteBody).noteId).not.toBe((alices.body as NoteBody).noteId);
  });

  it('applies a repeated update once, and a repeated delete once', async () => {
    const note = await ctx.createNote(ctx.alice);
    const patchKey = key();
    const patch = () =>
      ctx.api.patch(`/notes/${note.noteId}`, {
        token: ctx.alice.token,
        json: { content: 'edited once' },
        headers: { 'Idempotency-Key': patchKey },
      });
    const deleteKey = key();
    const remove = () =>
      ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token, headers: { 'Idempotency-Key': deleteKey } });

    const patched = [await patch(), await patch()];
    const removed = [await remove(), await remove()];

    expect(patched.map((r) => (r.body as NoteBody).version)).toEqual([2, 2]);
    expect(removed.map((r) => r.status)).toEqual([204, 204]);
    expect(removed[1]?.headers.get('idempotent-replayed')).toBe('true');
    expectJson(await ctx.getNote(ctx.alice, note.noteId), 404);
  });

  it('answers a repeat of a refused request with the same refusal', async () => {
    const missing = await ctx.goneNoteId(ctx.alice);
    const k = key();
    const patch = () =>
      ctx.api.patch(`/notes/${missing}`, {
        token: ctx.alice.token,
        json: { title: 'x' },
        headers: { 'Idempotency-Key': k },
      });

    const first = await patch();
    const repeat = await patch();

    expectJson(first, 404, { error: 'Note not found' });
    expectJson(repeat, 404, { error: 'Note not found' });
  });

  it('refuses a key that is empty, too long or not printable ASCII', async () => {
    for (const bad of ['k'.repeat(256), 'naïve-key']) {
      const response = await ctx.api.post('/notes', {
        token: ctx.alice.token,
        json: { title: marker() },
        headers: { 'Idempotency-Key': bad },
      });

      expectValidationFailed(response, 'Idempotency-Key');
    }
  });

  it('lets concurrent repeats create one note: the others get the first answer or a 409 to retry', async () => {
    const title = marker();
    const k = key();

    const responses = await Promise.all(Array.from({ length: 5 }, () => post({ title }, k)));

    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      if (response.status === 409) expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      else expectJson(response, 201, created[0]?.body);
    }
    expect((await ctx.allNotes(ctx.alice)).filter((n) => n.title === title)).toHaveLength(1);
  });
}
