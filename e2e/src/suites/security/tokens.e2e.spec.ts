/**
 * OWASP API2 (broken authentication): forged and broken JWTs, built at test time from genuine
 * local-Cognito tokens, against every route of every entrypoint: Express, and the Lambda handler
 * behind the local API Gateway with the Cognito, TOKEN and REQUEST authorizers. Each is refused
 * with exactly the contract's answer for that entrypoint (api.md: 401, the cached policy's 403,
 * 431 for a header past the server's limit), and none reaches a use case: the storage calls of
 * every runtime are counted at the one proxy they all go through, and behind the gateway the
 * notes function's invocations are counted too (behind the Cognito authorizer, tokens of another
 * app client reach the function, which refuses them itself: see `REFUSED_BY_THE_FUNCTION`).
 */
import { NOTES_ROUTE_BY_ID, type NotesRoute } from '@secure-notes/http-api';
import { countsSince } from '@secure-notes/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawClient, rawClient } from '../../testing/security/raw-http.js';
import { report } from '../../testing/security/report.js';
import {
  type ApiUnderTest,
  RUNTIMES,
  type RuntimeName,
  type SecurityEnvironment,
  type SignedInUser,
  startSecurityEnvironment,
} from '../../testing/security/security-environment.js';
import { REFUSED_BY_THE_FUNCTION, type TokenCase, tokenCases } from '../../testing/security/token-cases.js';

let env: SecurityEnvironment;
const apis = new Map<RuntimeName, ApiUnderTest>();
let alice: SignedInUser;
let bob: SignedInUser;
let cases: TokenCase[];

beforeAll(async () => {
  env = await startSecurityEnvironment();
  const started = await Promise.all(RUNTIMES.map((runtime) => env.startApi(runtime)));
  for (const api of started) apis.set(api.runtime, api);
  alice = await env.user('alice');
  bob = await env.user('bob');
  const scoped = async (scope: string) => (await env.signIn(alice.email, scope)).tokens.access_token;
  cases = await tokenCases(env, {
    victim: alice,
    readOnly: await scoped('openid notes/read'),
    writeOnly: await scoped('openid notes/write'),
    noScope: await scoped('openid email profile'),
  });
});

afterAll(async () => {
  await env?.close();
});

describe.each(RUNTIMES)('forged and broken tokens on %s', (runtime) => {
  let api: ApiUnderTest;
  let client: RawClient;
  /** Alice's note on this entrypoint: what a forged token would read, change or delete. */
  let victimNote: Record<string, unknown> & { noteId: string };

  const pathOf = (route: NotesRoute) =>
    route.path.replace('{noteId}', victimNote.noteId).replace('{userId}', bob.userId);
  const requestFor = (route: NotesRoute, authorization: string) => ({
    method: route.method,
    path: pathOf(route),
    headers: [['authorization', authorization]] as [string, string][],
    ...(route.takesBody ? { body: JSON.stringify({ title: 'written with a forged token' }) } : {}),
  });

  beforeAll(async () => {
    api = apis.get(runtime) as ApiUnderTest;
    client = rawClient(api.baseUrl);
    const created = await client.send({
      method: 'POST',
      path: '/notes',
      headers: [['authorization', alice.idToken]],
      body: JSON.stringify({ title: `the victim note on ${runtime}`, content: 'only alice may read this' }),
    });
    expect(created.status).toBe(201);
    victimNote = created.json as typeof victimNote;
  });

  afterAll(() => client?.close());

  it('lets the genuine ID token in, and the counters see it (the control)', async () => {
    const storageBefore = env.storage.counts();
    const invocationsBefore = api.invocations();

    const answer = await client.send(requestFor(NOTES_ROUTE_BY_ID.getNote, alice.idToken));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(victimNote);
    expect(countsSince(storageBefore, env.storage.counts()).total).toBeGreaterThan(0);
    if (runtime !== 'express') expect(api.invocations().notes - invocationsBefore.notes).toBe(1);
  });

  it('refuses every forged or broken token on every route with the contract’s answer, reaching no use case', async () => {
    const startedAt = performance.now();
    const byTheFunction = REFUSED_BY_THE_FUNCTION[api.entrypoint] ?? [];
    const attacks = cases;
    // The requests that pass the gateway's authorizer and are refused by the function itself.
    const functionRefusals = cases
      .filter((tokenCase) => byTheFunction.includes(tokenCase.name))
      .reduce((sum, tokenCase) => sum + tokenCase.routes.length, 0);
    const storageBefore = env.storage.counts();
    const invocationsBefore = api.invocations();
    const lost: string[] = [];
    let tried = 0;
    let refused = 0;

    for (const tokenCase of attacks) {
      for (const route of tokenCase.routes) {
        tried += 1;
        const expected = tokenCase.expected(api.entrypoint, route);
        const authorization = (await tokenCase.authorizationNow?.()) ?? tokenCase.authorization;
        const answer = await client.send(requestFor(route, authorization));
        // Node refuses an oversized header before any handler, with no body.
        const bodyMatches = !('body' in expected) || JSON.stringify(answer.json) === JSON.stringify(expected.body);
        if (answer.status === expected.status && bodyMatches) refused += 1;
        else {
          lost.push(
            `${tokenCase.name}, ${route.method} ${route.path}: ${answer.status} ${answer.text.slice(0, 120)} ` +
              `(expected ${expected.status} ${'body' in expected ? JSON.stringify(expected.body) : ''})`,
          );
        }
      }
    }
    const storage = countsSince(storageBefore, env.storage.counts());
    const invocations = api.invocations();
    const notesInvocations = invocations.notes - invocationsBefore.notes;
    report(
      'tokens',
      api.label,
      {
        tokens: attacks.length,
        tried,
        refused,
        lost: lost.length,
        refusedByTheFunction: functionRefusals,
        storageCalls: storage.total,
        notesInvocations,
        authorizerInvocations: invocations.authorizer - invocationsBefore.authorizer,
      },
      startedAt,
    );

    expect(attacks.length).toBeGreaterThanOrEqual(20);
    expect(lost).toEqual([]);
    expect(storage).toEqual({ total: 0, writes: 0, appliedWrites: 0, byOperation: {} });
    expect(byTheFunction.every((name) => cases.some((tokenCase) => tokenCase.name === name))).toBe(true);
    expect(notesInvocations).toBe(functionRefusals);
  });

  it('leaves the victim’s note as it was', async () => {
    const answer = await client.send(requestFor(NOTES_ROUTE_BY_ID.getNote, alice.idToken));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(victimNote);
  });
});
