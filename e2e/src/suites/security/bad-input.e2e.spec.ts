/**
 * OWASP API3 and API4, property-based: generated bodies, headers, paths and query strings that
 * break the contract (see `bad-input-cases.ts` for the families) never get a 5xx, never change
 * storage and always get the contract's clear error. Most cases run against the Express app over
 * memory in this process (fast, storage compared after every case); a share runs through the
 * whole stack on dynalite, on Express and on the Lambda handler behind each authorizer, where
 * the writes of notes are counted at the storage proxy after every case. At least 10,000 cases a
 * run (`SUITE_SCALE` multiplies them).
 */

import { startMemoryServer } from '@secure-notes/adapters-express/testing';
import type { Entrypoint } from '@secure-notes/http-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadInputCase,
  type BadInputContext,
  badInputCases,
  type Family,
  mismatch,
  STATED_DIFFERENCES,
  sampleOf,
} from '../../testing/security/bad-input-cases.js';
import { type RawClient, rawClient } from '../../testing/security/raw-http.js';
import { report, scaled, scaledTimeout } from '../../testing/security/report.js';
import {
  entrypointOfRuntime,
  RUNTIMES,
  type SecurityEnvironment,
  startSecurityEnvironment,
} from '../../testing/security/security-environment.js';

const IN_PROCESS_CASES = scaled(8_000);
const CASES_PER_STACK = scaled(500);

/** A running API with the users a case needs, and a way to see what its storage holds. */
interface Target {
  readonly label: string;
  readonly entrypoint: Entrypoint;
  readonly client: RawClient;
  readonly tokens: { readonly alice: string; readonly bob: string; readonly admin: string };
  readonly userIds: { readonly alice: string; readonly bob: string; readonly admin: string };
  /** What storage holds for the users now (the notes, not the idempotency records). */
  snapshot(): Promise<string>;
  /** Writes of notes so far, where they can be counted (the storage proxy). */
  noteWrites(): number | undefined;
  /** Writes of idempotency records so far, where they can be counted. */
  recordWrites(): number | undefined;
}

async function send(target: Target, request: Parameters<RawClient['send']>[0]) {
  return target.client.send(request);
}

/** The caller's notes and both users' page tokens, made through the API under test. */
async function contextOf(target: Target): Promise<BadInputContext> {
  const create = async (token: string, title: string) => {
    const answer = await send(target, {
      method: 'POST',
      path: '/notes',
      headers: [['authorization', token]],
      body: JSON.stringify({ title }),
    });
    expect(answer.status).toBe(201);
    return (answer.json as { noteId: string }).noteId;
  };
  const cursorOf = async (token: string) => {
    const answer = await send(target, { method: 'GET', path: '/notes?limit=1', headers: [['authorization', token]] });
    const nextToken = (answer.json as { nextToken?: string }).nextToken;
    expect(nextToken).toBeTypeOf('string');
    return nextToken as string;
  };
  const noteId = await create(target.tokens.alice, 'the caller’s note');
  await create(target.tokens.alice, 'another of the caller’s notes');
  await create(target.tokens.bob, 'the other user’s note');
  await create(target.tokens.bob, 'another of the other user’s notes');
  let key = 0;
  const prefix = `bad-input-${Date.now().toString(36)}`;
  return {
    token: target.tokens.alice,
    adminToken: target.tokens.admin,
    noteId,
    otherUserId: target.userIds.bob,
    ownCursor: await cursorOf(target.tokens.alice),
    foreignCursor: await cursorOf(target.tokens.bob),
    nextKey: () => {
      key += 1;
      return `${prefix}-${key}`;
    },
  };
}

/** Runs `count` generated cases; each must get the contract's answer and change no note. */
async function runCases(target: Target, count: number, perCaseSnapshot: boolean): Promise<void> {
  const startedAt = performance.now();
  const ctx = await contextOf(target);
  const before = await target.snapshot();
  const recordsBefore = target.recordWrites();
  const byFamily = new Map<Family, number>();
  let tried = 0;
  let refused = 0;
  let lost = 0;
  let shrinking = false;
  /** Why the answer to a case breaks the contract, or `undefined`. */
  const check = async (badCase: BadInputCase): Promise<string | undefined> => {
    const writesBefore = target.noteWrites();
    const answer = await send(target, badCase.request(ctx));
    const problem = mismatch(answer, badCase.expected(target.entrypoint));
    if (problem !== undefined) return problem;
    const writesAfter = target.noteWrites();
    if (writesBefore !== undefined && writesAfter !== writesBefore) {
      return `${(writesAfter ?? 0) - writesBefore} note(s) written for a refused request`;
    }
    if (perCaseSnapshot && (await target.snapshot()) !== before) return 'storage changed';
    return undefined;
  };
  try {
    await fc.assert(
      fc.asyncProperty(badInputCases(STATED_DIFFERENCES[target.entrypoint]), async (badCase: BadInputCase) => {
        const failure = await check(badCase);
        // fast-check stops at the first case that fails and shrinks it: its retries are not counted.
        if (!shrinking) {
          tried += 1;
          byFamily.set(badCase.family, (byFamily.get(badCase.family) ?? 0) + 1);
          if (failure === undefined) refused += 1;
          else {
            lost += 1;
            shrinking = true;
          }
        }
        if (failure !== undefined) throw new Error(failure);
      }),
      { numRuns: count },
    );
  } finally {
    const records = target.recordWrites();
    report(
      'bad-input',
      target.label,
      {
        tried,
        refused,
        lost,
        families: byFamily.size,
        leftOut: STATED_DIFFERENCES[target.entrypoint].length,
        ...(records === undefined || recordsBefore === undefined
          ? {}
          : { idempotencyRecordWrites: records - recordsBefore }),
      },
      startedAt,
    );
  }
  expect(await target.snapshot()).toBe(before);
  expect(tried).toBe(count);
}

/** The contract's stated differences on this target (see `STATED_DIFFERENCES`), each shown as stated. */
function statedDifferenceTests(targetOf: () => Target, entrypoint: Entrypoint): void {
  const checks: Record<string, (target: Target) => Promise<void>> = {
    'bytes that are not UTF-8': async (target) => {
      const made = await send(target, {
        method: 'POST',
        path: '/notes',
        headers: [['authorization', target.tokens.alice]],
        body: Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xff]), Buffer.from('b"}')]),
      });
      expect(made.status).toBe(201);
      expect((made.json as { title: string }).title).toBe('a\ufffdb');
    },
  };
  for (const family of STATED_DIFFERENCES[entrypoint]) {
    it(`answers “${family}” as the contract states for ${entrypoint}`, async () => {
      const target = targetOf();
      const check = checks[family];
      // Every stated difference has its demonstration; the generated case says what Express answers.
      expect(check, `no demonstration for ${family}: ${String(sampleOf(family))}`).toBeDefined();
      await check?.(target);
      report('bad-input', target.label, { statedDifference: JSON.stringify(family) });
    });
  }
}

describe('bad input on the Express app over memory, in this process', () => {
  let server: Awaited<ReturnType<typeof startMemoryServer>>;
  let target: Target;

  beforeAll(async () => {
    server = await startMemoryServer();
    const repository = server.repository;
    const { alice, bob, admin } = server.roles;
    const client = rawClient(server.url);
    target = {
      label: 'express × memory (in process)',
      entrypoint: 'express',
      client,
      tokens: { alice: alice.token, bob: bob.token, admin: admin.token },
      userIds: { alice: alice.userId, bob: bob.userId, admin: admin.userId },
      snapshot: async () =>
        JSON.stringify(
          await Promise.all([alice, bob, admin].map(({ userId }) => repository.list(userId, { limit: 100 }))),
        ),
      noteWrites: () => undefined,
      recordWrites: () => undefined,
    };
  });

  afterAll(async () => {
    target?.client.close();
    await server?.close();
  });

  it(
    `never answers a 5xx, changes nothing and gives the contract’s error (${IN_PROCESS_CASES} cases)`,
    async () => {
      await runCases(target, IN_PROCESS_CASES, true);
    },
    scaledTimeout(120_000),
  );

  statedDifferenceTests(() => target, 'express');
});

describe('bad input through the whole stack on dynalite', () => {
  let env: SecurityEnvironment;
  const users: {
    alice?: { token: string; userId: string };
    bob?: { token: string; userId: string };
    admin?: { token: string; userId: string };
  } = {};

  beforeAll(async () => {
    env = await startSecurityEnvironment();
    for (const [name, admin] of [
      ['alice', false],
      ['bob', false],
      ['admin', true],
    ] as const) {
      const user = await env.user(name, { admin });
      users[name] = { token: user.idToken, userId: user.userId };
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  describe.each(RUNTIMES)('%s', (runtime) => {
    let target: Target;

    beforeAll(async () => {
      const api = await env.startApi(runtime);
      const { alice, bob, admin } = users as Required<typeof users>;
      target = {
        label: api.label,
        entrypoint: api.entrypoint,
        client: rawClient(api.baseUrl),
        tokens: { alice: alice.token, bob: bob.token, admin: admin.token },
        userIds: { alice: alice.userId, bob: bob.userId, admin: admin.userId },
        snapshot: async () => JSON.stringify(await env.storedItems([alice.userId, bob.userId, admin.userId])),
        noteWrites: () => env.storage.counts().appliedWrites,
        recordWrites: () => env.storage.counts().writes - env.storage.counts().appliedWrites,
      };
    });

    afterAll(() => target?.client.close());

    it(
      `never answers a 5xx, writes no note and gives the contract’s error (${CASES_PER_STACK} cases)`,
      async () => {
        await runCases(target, CASES_PER_STACK, false);
      },
      scaledTimeout(120_000),
    );

    statedDifferenceTests(() => target, entrypointOfRuntime(runtime));
  });
});
