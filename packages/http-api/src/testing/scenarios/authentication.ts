import { expect, it } from 'vitest';
import { marker, type ScenarioContext } from '../context.js';
import { expectAnswer, expectJson, expectListing } from '../expectations.js';

/** Who gets in: ID tokens, access tokens by scope, and nothing else. */
export function authenticationScenarios(ctx: ScenarioContext): void {
  const routes = (noteId: string, userId: string): [string, string][] => [
    ['GET', '/notes'],
    ['POST', '/notes'],
    ['GET', `/notes/${noteId}`],
    ['PATCH', `/notes/${noteId}`],
    ['DELETE', `/notes/${noteId}`],
    ['GET', `/admin/users/${userId}/notes`],
  ];

  /** A body for the methods that take one. */
  const change = (method: string) => (method === 'POST' || method === 'PATCH' ? { json: { title: 'changed' } } : {});

  it('refuses every route without a token, and changes nothing', async () => {
    const note = await ctx.createNote(ctx.alice);

    const responses = await Promise.all(
      routes(note.noteId, ctx.alice.userId).map(([method, path]) => ctx.api.request(method, path, change(method))),
    );

    for (const response of responses) expectAnswer(response, ctx.answers.invalidToken);
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('refuses every route with a garbage token', async () => {
    const note = await ctx.createNote(ctx.alice);
    const garbage = [
      'invalid.token.here',
      'Bearer invalid.token.here',
      'Bearer ',
      'Basic YWxpY2U6c2VjcmV0',
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      `${ctx.alice.token}x`,
    ];

    for (const authorization of garbage) {
      for (const [method, path] of routes(note.noteId, ctx.alice.userId)) {
        const response = await ctx.api.request(method, path, { authorization, ...change(method) });
        expectAnswer(response, ctx.answers.invalidToken);
      }
    }
    expect((await ctx.getNote(ctx.alice, note.noteId)).body).toEqual(note);
  });

  it('accepts the token raw and as a Bearer token', async () => {
    const raw = await ctx.api.get('/notes?limit=1', { authorization: ctx.alice.token });
    const bearer = await ctx.api.get('/notes?limit=1', { authorization: `Bearer ${ctx.alice.token}` });

    expectListing(raw, ctx.alice.userId);
    expectListing(bearer, ctx.alice.userId);
  });

  it('says when the token has expired, on reads and on writes', async () => {
    const { expired } = ctx.env.tokens;

    const read = await ctx.api.get('/notes', { token: expired });
    const write = await ctx.api.post('/notes', { token: expired, json: { title: marker() } });
    const bearer = await ctx.api.get('/notes', { authorization: `Bearer ${expired}` });

    for (const response of [read, write, bearer]) expectAnswer(response, ctx.answers.expiredToken);
  });

  it('lets an access token with notes/read read, and nothing else', async () => {
    const { readOnly } = ctx.env.tokens;
    const missing = await ctx.goneNoteId(ctx.alice);

    const list = await ctx.api.get('/notes', { token: readOnly });
    const get = await ctx.api.get(`/notes/${missing}`, { token: readOnly });
    const create = await ctx.api.post('/notes', { token: readOnly, json: { title: marker() } });
    const update = await ctx.api.patch(`/notes/${missing}`, { token: readOnly, json: { title: 'x' } });
    const remove = await ctx.api.delete(`/notes/${missing}`, { token: readOnly });

    if (ctx.answers.acceptsAccessTokens) {
      expectJson(list, 200);
      expectJson(get, 404, { error: 'Note not found' });
    } else {
      expectAnswer(list, ctx.answers.invalidToken);
      expectAnswer(get, ctx.answers.invalidToken);
    }
    for (const response of [create, update, remove]) expectAnswer(response, ctx.answers.readScopeOnWriteRoute);
  });

  it('refuses a token without the scope before reading the body or If-Match', async () => {
    const { readOnly } = ctx.env.tokens;
    const missing = await ctx.goneNoteId(ctx.alice);

    const badJson = await ctx.api.post('/notes', { token: readOnly, body: '{bad' });
    const tooLarge = await ctx.api.post('/notes', { token: readOnly, body: 'x'.repeat(ctx.bodyLimit + 1024) });
    const badIfMatch = await ctx.api.patch(`/notes/${missing}`, {
      token: readOnly,
      json: { title: 'x' },
      headers: { 'If-Match': 'W/"1"' },
    });

    for (const response of [badJson, tooLarge, badIfMatch]) {
      expectAnswer(response, ctx.answers.readScopeOnWriteRoute);
    }
  });

  it('lets an access token with notes/write write, and not read', async () => {
    const { writeOnly } = ctx.env.tokens;
    const title = marker();

    const create = await ctx.api.post('/notes', { token: writeOnly, json: { title } });
    const list = await ctx.api.get('/notes', { token: writeOnly });

    if (ctx.answers.acceptsAccessTokens) expectJson(create, 201);
    else expectAnswer(create, ctx.answers.invalidToken);
    expectAnswer(list, ctx.answers.writeScopeOnReadRoute);
  });

  it('refuses an access token without a notes scope', async () => {
    const { noScope } = ctx.env.tokens;
    const title = marker();

    const list = await ctx.api.get('/notes', { token: noScope });
    const create = await ctx.api.post('/notes', { token: noScope, json: { title } });
    const admin = await ctx.api.get(`/admin/users/${ctx.alice.userId}/notes`, { token: noScope });

    for (const response of [list, create, admin]) expectAnswer(response, ctx.answers.noNotesScope);
  });
}
