import { expect, it } from 'vitest';
import { marker, type ScenarioContext } from '../context.js';
import { expectAnswer, expectListing, expectPrivate, expectValidationFailed } from '../expectations.js';

/** `GET /admin/users/{userId}/notes`: the `admin` group only, read-only. */
export function adminScenarios(ctx: ScenarioContext): void {
  const pathFor = (userId: string) => `/admin/users/${encodeURIComponent(userId)}/notes`;

  it("lets an admin read any user's notes, page by page", async () => {
    const older = await ctx.createNote(ctx.alice);
    const newer = await ctx.createNote(ctx.alice);
    const path = pathFor(ctx.alice.userId);

    const first = expectListing(await ctx.api.get(`${path}?limit=1`, { token: ctx.admin.token }), ctx.alice.userId);
    const query = new URLSearchParams({ limit: '1', nextToken: first.nextToken ?? '' });
    const second = expectListing(await ctx.api.get(`${path}?${query}`, { token: ctx.admin.token }), ctx.alice.userId);

    expect(first.notes).toEqual([newer]);
    expect(second.notes).toEqual([older]);
  });

  it('forbids everyone outside the admin group, the owner included', async () => {
    const path = pathFor(ctx.alice.userId);

    const byBob = await ctx.api.get(path, { token: ctx.bob.token });
    const byAlice = await ctx.api.get(path, { token: ctx.alice.token });
    const byReader = await ctx.api.get(path, { token: ctx.env.tokens.readOnly });

    expectAnswer(byBob, ctx.answers.nonAdminOnAdminRoute);
    expectAnswer(byAlice, ctx.answers.nonAdminOnAdminRoute);
    expectAnswer(
      byReader,
      ctx.answers.acceptsAccessTokens ? ctx.answers.nonAdminOnAdminRoute : ctx.answers.invalidToken,
    );
    // The handler's own answers are private; a gateway's policy answer is the gateway's.
    if ('error' in ctx.answers.nonAdminOnAdminRoute.body) expectPrivate(byBob);
  });

  it('is read-only: no method writes through it', async () => {
    const path = pathFor(ctx.alice.userId);
    const title = marker();

    const post = await ctx.api.post(path, { token: ctx.admin.token, json: { title } });

    expectAnswer(post, ctx.answers.undefinedRoute);
    await ctx.expectNothingStored(ctx.alice, title);
  });

  it('refuses a bad limit or nextToken', async () => {
    const path = pathFor(ctx.alice.userId);

    const limit = await ctx.api.get(`${path}?limit=0`, { token: ctx.admin.token });
    const token = await ctx.api.get(`${path}?nextToken=not-a-page-token`, { token: ctx.admin.token });

    expectValidationFailed(limit, 'limit');
    expectValidationFailed(token, 'nextToken');
  });
}
