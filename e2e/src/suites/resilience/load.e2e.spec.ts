/**
 * Load: fifty users at once against the local stack, each writing its notes one after another
 * (the next as soon as the last is answered), on the Express runtime and on the Lambda runtime
 * behind the local API Gateway (TOKEN authorizer). Then every user pages through `GET /notes`
 * and must find exactly the notes it was told were created, each once, newest first; the table
 * is counted too. No answer may be a 5xx. Counts, throughput and latency percentiles are
 * printed as `[load]` lines, not asserted.
 *
 * The same users (real sign-ins on one local Cognito) are sent to both runtimes. Rate limits are
 * off: every request comes from 127.0.0.1, and this is not a test of them.
 *
 * Notes per user: 200 on both runtimes, 10,000 writes each; `SUITE_SCALE` multiplies them.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '@secure-notes/adapters-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInstances, rampUpInstances } from '../../testing/lambda-instances.js';
import { Latencies, Tally } from '../../testing/latencies.js';
import { type SharedUserPool, startSharedUserPool } from '../../testing/shared-user-pool.js';
import type { RuntimeChoice, TestStack } from '../../testing/stack.js';
import { startTestStack } from '../../testing/stack.js';
import { scaled, suiteScale } from '../../testing/suite-scale.js';
import { createVirtualUsers, listEveryNote, send, type VirtualUser } from '../../testing/traffic.js';

const USERS = 50;
const SCALE = suiteScale();
/** A request that gets no answer in this long fails the run: nothing in the stack should take a tenth of it. */
const ABORT_AFTER_MS = 30_000;

interface LoadRuntime {
  readonly name: string;
  readonly choice: RuntimeChoice;
  readonly notesPerUser: number;
}

const RUNTIMES: readonly LoadRuntime[] = [
  { name: 'Express', choice: { apiRuntime: 'express' }, notesPerUser: scaled(200, SCALE) },
  {
    name: 'Lambda (TOKEN authorizer)',
    choice: { apiRuntime: 'lambda', authorizer: 'token' },
    notesPerUser: scaled(200, SCALE),
  },
];

const cleanups: (() => Promise<void>)[] = [];
let pool: SharedUserPool;
let users: VirtualUser[];

beforeAll(async () => {
  const started = performance.now();
  pool = await startSharedUserPool();
  cleanups.push(() => pool.close());
  users = await createVirtualUsers(pool.target, USERS, 'load');
  console.info(`[load] ${USERS} users created and signed in in ${seconds(performance.now() - started)}`);
}, 300_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** How many notes the table holds under each user, counted with Query (COUNT) past the API. */
async function countStored(running: TestStack, owners: readonly VirtualUser[]): Promise<Map<string, number>> {
  const { stack } = running;
  const documents = createDynamoDbDocumentClient({ endpoint: stack.dynamoDb!.endpoint, region: 'us-east-1' });
  try {
    const counts = new Map<string, number>();
    for (const { userId } of owners) {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: stack.dynamoDb!.tableName,
            KeyConditionExpression: 'userId = :owner',
            ExpressionAttributeValues: { ':owner': userId },
            Select: 'COUNT',
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      counts.set(userId, count);
    }
    return counts;
  } finally {
    documents.destroy();
  }
}

describe.each(RUNTIMES)('$name under load', ({ name, choice, notesPerUser }) => {
  const writes = USERS * notesPerUser;

  it(
    `stores each of ${USERS} concurrent users' ${notesPerUser} notes exactly once, lists them all, and answers no 5xx`,
    async () => {
      const running = await startTestStack({
        ...choice,
        environment: { ...pool.environment, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0' },
        // One instance per concurrent user, as Lambda's default account concurrency (1,000) allows.
        lambdaMaxConcurrency: USERS,
      });
      cleanups.push(() => running.stack.close());
      const { stack, log } = running;
      try {
        const base = stack.baseUrl;
        const run = randomUUID();

        if (stack.apiRuntime === 'lambda') {
          const warming = performance.now();
          await rampUpInstances(base, users, { step: 5, abortAfterMs: ABORT_AFTER_MS });
          console.info(
            `[load] ${name}: warm-up, instances started 5 at a time, took ${seconds(performance.now() - warming)} (${describeInstances(stack)})`,
          );
        }

        // Each user writes its notes one after another; the fifty users at once.
        const writeLatency = new Latencies();
        const writeStatuses = new Tally<number>();
        const acknowledged = new Map<string, Map<string, string>>(users.map((user) => [user.userId, new Map()]));
        const writing = performance.now();
        await Promise.all(
          users.map(async (user, u) => {
            const mine = acknowledged.get(user.userId)!;
            for (let i = 0; i < notesPerUser; i += 1) {
              const title = `load ${u}-${i}`;
              const answer = await send(`${base}/notes`, {
                method: 'POST',
                token: user.token,
                json: { title, content: `load-content ${run} ${u}-${i}` },
                abortAfterMs: ABORT_AFTER_MS,
              });
              writeLatency.add(answer.latencyMs);
              writeStatuses.add(answer.status);
              const note = answer.body as { noteId?: string };
              if (answer.status === 201 && note.noteId) mine.set(title, note.noteId);
            }
          }),
        );
        const writeMs = performance.now() - writing;
        console.info(
          `[load] ${name}: ${USERS} users × ${notesPerUser} notes = ${writes} writes in ${seconds(writeMs)} ` +
            `(${Math.round(writes / (writeMs / 1000))}/s); answers ${writeStatuses}; write latency ${writeLatency.summary()}`,
        );

        // Every user pages through its list, the fifty at once.
        const pageLatency = new Latencies();
        const pageStatuses = new Tally<number>();
        const listed = await Promise.all(
          users.map((user) =>
            listEveryNote(base, user.token, {
              abortAfterMs: ABORT_AFTER_MS,
              onPage: (answer) => {
                pageLatency.add(answer.latencyMs);
                pageStatuses.add(answer.status);
              },
            }),
          ),
        );
        const stored = await countStored(running, users);

        const problems = { missing: 0, duplicated: 0, unacknowledged: 0, foreign: 0, outOfOrder: 0, storedApart: 0 };
        let listedOnce = 0;
        users.forEach((user, u) => {
          const mine = acknowledged.get(user.userId)!;
          const notes = listed[u]!;
          const ids = new Set(notes.map((note) => note.noteId));
          const titles = new Tally<string>();
          for (const note of notes) titles.add(note.title);
          problems.duplicated += notes.length - ids.size + titles.entries().filter(([, n]) => n > 1).length;
          problems.foreign += notes.filter((note) => note.userId !== user.userId).length;
          problems.unacknowledged += notes.filter((note) => mine.get(note.title) !== note.noteId).length;
          for (const noteId of mine.values()) {
            if (ids.has(noteId)) listedOnce += 1;
            else problems.missing += 1;
          }
          problems.outOfOrder += notes.filter((note, n) => n > 0 && note.createdAt > notes[n - 1]!.createdAt).length;
          if (stored.get(user.userId) !== mine.size) problems.storedApart += 1;
        });
        const acknowledgedCount = [...acknowledged.values()].reduce((sum, mine) => sum + mine.size, 0);
        const storedCount = [...stored.values()].reduce((sum, count) => sum + count, 0);
        console.info(
          `[load] ${name}: list pages answered ${pageStatuses}, page latency ${pageLatency.summary()}; ` +
            `${acknowledgedCount} acknowledged, ${listedOnce} of them listed once, ${storedCount} in the table; ` +
            `${problems.missing} missing, ${problems.duplicated} duplicated, ${problems.unacknowledged} listed but not acknowledged, ` +
            `${problems.foreign} of another user, ${problems.outOfOrder} out of order, ${problems.storedApart} users whose table count differs`,
        );
        console.info(`[load] ${name}: instances ${describeInstances(stack)}`);

        expect(writeStatuses.entries()).toEqual([[201, writes]]);
        expect(pageStatuses.entries().every(([status]) => status === 200)).toBe(true);
        expect(acknowledgedCount).toBe(writes);
        expect(problems).toEqual({
          missing: 0,
          duplicated: 0,
          unacknowledged: 0,
          foreign: 0,
          outOfOrder: 0,
          storedApart: 0,
        });
        expect(listedOnce).toBe(writes);
        expect(storedCount).toBe(writes);
        // Tokens and note contents never reach the logs, even at debug level under load.
        const text = log.text;
        expect(text).not.toContain(`load-content ${run}`);
        expect(users.filter((user) => text.includes(user.token)).map((user) => user.email)).toEqual([]);
      } finally {
        // Fifty worker threads are freed before the next runtime starts.
        await stack.close();
      }
    },
    120_000 + writes * 50,
  );
});
