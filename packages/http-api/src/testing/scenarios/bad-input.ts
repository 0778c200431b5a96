import { expect, it } from 'vitest';
import { LIMITS, marker, type ScenarioContext } from '../context.js';
import { expectJson, expectValidationFailed, type NoteBody } from '../expectations.js';

const INVALID_JSON = { error: 'Invalid JSON body' };

/** Bad input gets a clear error and changes nothing. */
export function badInputScenarios(ctx: ScenarioContext): void {
  it('refuses a body that is not JSON', async () => {
    const note = await ctx.createNote(ctx.alice);
    const title = marker();
    for (const body of [`{"title": "${title}"`, `title=${title}`, `{title: "${title}"}`, `{'title': '${title}'}`]) {
      const create = await ctx.api.post('/notes', { token: ctx.alice.token, body });
      const update = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, body });

      expectJson(create, 400, INVALID_JSON);
      expectJson(update, 400, INVALID_JSON);
    }
    await ctx.expectNothingStored(ctx.alice, title);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses JSON that is not an object', async () => {
    const note = await ctx.createNote(ctx.alice);
    for (const body of ['[]', '["title"]', '"text"', '42', 'null', 'true']) {
      expectValidationFailed(await ctx.api.post('/notes', { token: ctx.alice.token, body }));
      expectValidationFailed(await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, body }));
    }
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses a field of the wrong type', async () => {
    const note = await ctx.createNote(ctx.alice);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 42 }, 'title'],
      [{ title: null }, 'title'],
      [{ title: ['a'] }, 'title'],
      [{ content: { text: 'x' } }, 'content'],
      [{ content: false }, 'content'],
    ];
    for (const [json, field] of cases) {
      expectValidationFailed(await ctx.api.post('/notes', { token: ctx.alice.token, json }), field);
      expectValidationFailed(await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json }), field);
    }
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses unknown fields, userId, noteId and version included', async () => {
    const note = await ctx.createNote(ctx.alice);
    const title = marker();
    for (const field of ['userId', 'noteId', 'version', 'createdAt', 'updatedAt', 'owner']) {
      const json = { title, [field]: field === 'version' ? 7 : 'forged' };

      expectValidationFailed(await ctx.api.post('/notes', { token: ctx.alice.token, json }), field);
      expectValidationFailed(await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json }), field);
    }
    await ctx.expectNothingStored(ctx.alice, title);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses keys that could reach a prototype, anywhere in the body', async () => {
    const note = await ctx.createNote(ctx.alice);
    const title = marker();
    const bodies: [string, string][] = [
      [`{"title":"${title}","__proto__":{"admin":true}}`, '__proto__'],
      [`{"title":{"__proto__":{"x":1}}}`, '__proto__'],
      [`{"title":"${title}","constructor":{"prototype":{"x":1}}}`, 'constructor'],
    ];
    for (const [body, field] of bodies) {
      expectValidationFailed(await ctx.api.post('/notes', { token: ctx.alice.token, body }), field);
      expectValidationFailed(await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, body }), field);
    }
    await ctx.expectNothingStored(ctx.alice, title);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('reports every problem of a body at once', async () => {
    const response = await ctx.api.post('/notes', {
      token: ctx.alice.token,
      json: { title: '', content: 5, noteId: 'forged' },
    });

    const body = expectValidationFailed(response, 'title', 'content', 'noteId');
    expect(body.details.length).toBe(3);
  });

  it('takes a title of 1 to 256 characters, counted as characters', async () => {
    const longest = `${marker()}`.padEnd(LIMITS.titleMax, 't');
    const emoji = '😀'.repeat(LIMITS.titleMax);
    const tooLong = `${marker()}`.padEnd(LIMITS.titleMax + 1, 't');

    const atLimit = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title: longest } });
    const wide = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title: emoji } });
    const empty = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title: '' } });
    const over = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title: tooLong } });

    expectJson(atLimit, 201);
    expect((atLimit.body as NoteBody).title).toBe(longest);
    expectJson(wide, 201);
    expect((wide.body as NoteBody).title).toBe(emoji);
    expectValidationFailed(empty, 'title');
    expectValidationFailed(over, 'title');
    await ctx.expectNothingStored(ctx.alice, tooLong);
  });

  it('refuses an empty or too long title on PATCH and keeps the note', async () => {
    const note = await ctx.createNote(ctx.alice);

    const empty = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, json: { title: '' } });
    const over = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { title: 't'.repeat(LIMITS.titleMax + 1) },
    });

    expectValidationFailed(empty, 'title');
    expectValidationFailed(over, 'title');
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('takes content up to 256 KiB of UTF-8, counted in bytes', async () => {
    const title = marker();
    const atLimit = 'a'.repeat(LIMITS.contentMaxBytes);
    const overByOne = 'a'.repeat(LIMITS.contentMaxBytes + 1);
    const wideOver = 'é'.repeat(LIMITS.contentMaxBytes / 2 + 1);

    const ok = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title: marker(), content: atLimit } });
    const over = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title, content: overByOne } });
    const wide = await ctx.api.post('/notes', { token: ctx.alice.token, json: { title, content: wideOver } });

    expectJson(ok, 201);
    expect((ok.body as NoteBody).content.length).toBe(LIMITS.contentMaxBytes);
    expectValidationFailed(over, 'content');
    expectValidationFailed(wide, 'content');
    await ctx.expectNothingStored(ctx.alice, title);
  });

  it('refuses content over the limit on PATCH and keeps the note', async () => {
    const note = await ctx.createNote(ctx.alice, { content: 'Small' });

    const response = await ctx.api.patch(`/notes/${note.noteId}`, {
      token: ctx.alice.token,
      json: { content: 'b'.repeat(LIMITS.contentMaxBytes + 1) },
    });

    expectValidationFailed(response, 'content');
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses a body over the body limit with 413', async () => {
    const note = await ctx.createNote(ctx.alice);
    const title = marker();
    const huge = JSON.stringify({ title, content: 'c'.repeat(ctx.bodyLimit) });

    const create = await ctx.api.post('/notes', { token: ctx.alice.token, body: huge });
    const update = await ctx.api.patch(`/notes/${note.noteId}`, { token: ctx.alice.token, body: huge });

    expectJson(create, 413, { error: 'Payload too large' });
    expectJson(update, 413, { error: 'Payload too large' });
    await ctx.expectNothingStored(ctx.alice, title);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });
}
