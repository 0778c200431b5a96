import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import type { ScenarioContext } from '../context.js';
import { expectAnswer } from '../expectations.js';

/** Methods and paths the API does not define: the entrypoint's own answer, token or not. */
export function routeScenarios(ctx: ScenarioContext): void {
  it('answers an undefined method or path with the entrypoint’s answer, and runs nothing', async () => {
    const token = ctx.alice.token;
    const attempts = [
      ctx.api.get('/nope', { token }),
      ctx.api.get('/notes/a/b', { token }),
      ctx.api.request('PUT', '/notes', { token, json: {} }),
      ctx.api.post(`/notes/${randomUUID()}`, { token, json: {} }),
      ctx.api.request('PUT', `/notes/${randomUUID()}`, { token, json: {} }),
      ctx.api.get('/NOTES', { token }),
    ];

    for (const response of await Promise.all(attempts)) expectAnswer(response, ctx.answers.undefinedRoute);
  });
}
