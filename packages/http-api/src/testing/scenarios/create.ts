import { expect, it } from 'vitest';
import { marker, type ScenarioContext } from '../context.js';
import { expectJson, expectNote, expectPrivate } from '../expectations.js';

/** `POST /notes`. */
export function createScenarios(ctx: ScenarioContext): void {
  it('creates the note under the caller, with its location, ETag and version 1', async () => {
    const title = marker();

    const response = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title, content: 'Buy milk' } });

    expectJson(response, 201);
    expectPrivate(response);
    const note = expectNote(response.body, ctx.alice.userId);
    expect(note).toMatchObject({ title, content: 'Buy milk', version: 1 });
    expect(note.updatedAt).toBe(note.createdAt);
    expect(response.headers.get('etag')).toBe('"1"');
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`(^|/)notes/${note.noteId}$`));
    // The location is where the note is, behind a stage prefix too.
    const atLocation = await fetch(new URL(location, ctx.env.baseUrl), { headers: { authorization: ctx.alice.token } });
    expect(await atLocation.json()).toEqual(note);
  });

  it('makes an "Untitled" note with empty content when the body is absent or empty', async () => {
    const absent = await ctx.api.post('/notes', { token: ctx.alice.token });
    const empty = await ctx.api.post('/notes', { token: ctx.alice.token, json: {} });
    const blank = await ctx.api.post('/notes', { token: ctx.alice.token, body: '' });

    for (const response of [absent, empty, blank]) {
      expectJson(response, 201);
      expect(expectNote(response.body, ctx.alice.userId)).toMatchObject({ title: 'Untitled', content: '' });
    }
  });

  it('defaults only the field that is missing', async () => {
    const title = marker();

    const titled = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title } });
    const contented = await ctx.api.post('/notes', { token: ctx.alice.token, json: { content: 'Only content' } });

    expect(titled.body).toMatchObject({ title, content: '' });
    expect(contented.body).toMatchObject({ title: 'Untitled', content: 'Only content' });
  });

  it('reads the body as JSON whatever the Content-Type says', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/x-www-form-urlencoded',
      'text/plain',
      null,
    ]) {
      const title = marker();

      const response = await ctx.api.post('/notes', {
        token: ctx.alice.token,
        contentType,
        body: JSON.stringify({ title, content: 'é ✓ 😀' }),
      });

      expectJson(response, 201);
      expect(response.body, String(contentType)).toMatchObject({ title, content: 'é ✓ 😀' });
    }
  });

  it('gives every note its own id, and ids that sort by creation', async () => {
    const first = await ctx.createNote(ctx.alice);
    const second = await ctx.createNote(ctx.alice);

    expect(second.noteId).not.toBe(first.noteId);
    expect(second.noteId > first.noteId).toBe(true);
  });
}
