import { expect, it } from 'vitest';
import type { ScenarioContext } from '../context.js';
import { expectAnswer, expectJson, expectListing, expectNote } from '../expectations.js';

/** The tutorial's Part VII, its four curl tests, as it runs them. */
export function tutorialScenarios(ctx: ScenarioContext): void {
  it('Test One: a request without a token is refused with the tutorial message', async () => {
    const response = await ctx.api.post('/notes', {
      contentType: 'application/json',
      body: '{"title": "My first note", "content": "Hello world"}',
    });

    expectAnswer(response, ctx.answers.invalidToken);
  });

  it("Test Two: curl -d with a raw ID token creates the note under the token's sub", async () => {
    const response = await ctx.api.post('/notes', {
      token: ctx.alice.token,
      contentType: 'application/x-www-form-urlencoded',
      body: '{"title": "My first note", "content": "Hello world"}',
    });

    expectJson(response, 201);
    const note = expectNote(response.body, ctx.alice.userId);
    expect(note).toMatchObject({ userId: ctx.alice.userId, title: 'My first note', content: 'Hello world' });
  });

  it("Test Three: the list holds only the caller's notes", async () => {
    const mine = await ctx.createNote(ctx.alice);

    const response = await ctx.api.get('/notes', { token: ctx.alice.token });

    const listing = expectListing(response, ctx.alice.userId);
    expect(listing.notes.map((n) => n.noteId)).toContain(mine.noteId);
  });

  it('Test Four: an invalid token is refused with the tutorial message', async () => {
    const response = await ctx.api.get('/notes', { authorization: 'invalid.token.here' });

    expectAnswer(response, ctx.answers.invalidToken);
  });
}
