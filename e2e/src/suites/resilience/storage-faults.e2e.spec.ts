/**
 * Storage faults under load, on the Express runtime and on the Lambda runtime behind the local
 * API Gateway (TOKEN authorizer): sixteen clients create notes in a loop while the storage
 * endpoint is made slow, made to drop connections, and stopped for 10 s, then healthy again,
 * all on one running stack (no restart). Twelve clients send an `Idempotency-Key` with every
 * write and retry each note, with its key, until it is acknowledged; four send none (the
 * control group) and retry the same way.
 *
 * What must hold: every request is answered (the client gives up at three times the storage
 * budget, which fails the suite); the only answers are 201, and 503 or 409 with `Retry-After`;
 * while storage is stopped, only 503; once it is back, every client writes again; every keyed
 * note is stored exactly once, under the id it was acknowledged with, and nothing stored was
 * not acknowledged; no acknowledged note is lost; every stored note is whole. Counted and
 * printed, not failed on: writes answered 503 but stored anyway (for keyed clients, found again
 * by their retry; for the others, stored twice), and the slowest answer against the budget.
 *
 * `SUITE_SCALE` multiplies the fault cycles (a soak: `SUITE_SCALE=10` runs ten outages);
 * `SUITE_SEED` replays the fault choices of a printed run. A keyed note stored twice is printed
 * with its attempts and every storage request that touched its key or its copies.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { numberSetting } from '@secure-notes/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultyStorage,
  type JournalEntry,
  type StorageCondition,
  startFaultyStorage,
} from '../../testing/faulty-storage.js';
import { describeInstances, rampUpInstances } from '../../testing/lambda-instances.js';
import { Latencies, Tally } from '../../testing/latencies.js';
import { runWriter, Timeline, type WrittenNote } from '../../testing/retrying-writers.js';
import { type SharedUserPool, startSharedUserPool } from '../../testing/shared-user-pool.js';
import { type RuntimeChoice, startTestStack } from '../../testing/stack.js';
import { scaled, suiteScale } from '../../testing/suite-scale.js';
import { createVirtualUsers, type ListedNote, listEveryNote, type VirtualUser } from '../../testing/traffic.js';

/** The storage budget both runtimes run with: the default (STORAGE_BUDGET_MS, 3 s). */
const BUDGET_MS = 3_000;
/** A request unanswered this long hangs past every configured timeout. */
const GIVE_UP_MS = 3 * BUDGET_MS;
const KEYED_CLIENTS = 12;
const UNKEYED_CLIENTS = 4;
const CYCLES = scaled(1, suiteScale());
const SLOW_HOLD_MS = [0, 1_500] as const;
const RESET_SHARE = 0.3;
/** One cycle: the storage's condition and how long it lasts. The stop is the issue's 10 s. */
const CYCLE: readonly (readonly [StorageCondition, number])[] = [
  ['healthy', 2_000],
  ['slow', 5_000],
  ['resetting', 5_000],
  ['stopped', 10_000],
  ['healthy', 4_000],
];
const CYCLE_MS = CYCLE.reduce((sum, [, ms]) => sum + ms, 0);
/** After the last cycle, how long clients may take to get their last note acknowledged. */
const DRAIN_MS = 60_000;
const IDEMPOTENCY_PREFIX = 'secure-notes#idempotency#';
/** `SUITE_SEED` replays a run's fault choices (which request is held how long, which is dropped); timing still varies. */
const SEED = numberSetting('SUITE_SEED', {
  fallback: undefined,
  accepts: Number.isSafeInteger,
  expects: 'a whole number, the seed a run printed',
});

interface FaultRuntime {
  readonly name: string;
  readonly choice: RuntimeChoice;
}

const RUNTIMES: readonly FaultRuntime[] = [
  { name: 'Express', choice: { apiRuntime: 'express' } },
  { name: 'Lambda (TOKEN authorizer)', choice: { apiRuntime: 'lambda', authorizer: 'token' } },
];

const cleanups: (() => Promise<void>)[] = [];
let pool: SharedUserPool;
let users: VirtualUser[];

beforeAll(async () => {
  pool = await startSharedUserPool();
  cleanups.push(() => pool.close());
  users = await createVirtualUsers(pool.target, KEYED_CLIENTS + UNKEYED_CLIENTS, 'faults');
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scanTable(storage: FaultyStorage): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await storage.documents.send(
      new ScanCommand({ TableName: storage.tableName, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** A note item with every attribute of a note, each of its type: what a whole write leaves. */
function isWholeNote(item: Record<string, unknown>): boolean {
  return (
    typeof item.userId === 'string' &&
    typeof item.noteId === 'string' &&
    typeof item.title === 'string' &&
    typeof item.content === 'string' &&
    typeof item.createdAt === 'string' &&
    !Number.isNaN(Date.parse(item.createdAt)) &&
    typeof item.updatedAt === 'string' &&
    typeof item.version === 'number' &&
    item.version >= 1
  );
}

/** A keyed note stored more than once, its attempts placed in the timeline, for the report. */
function describeDuplicate(
  note: WrittenNote,
  copies: readonly ListedNote[],
  timeline: Timeline<StorageCondition>,
  journal: readonly JournalEntry[],
): string {
  const origin = timeline.phases[0]!.start;
  const at = (time: number) => {
    const phase = timeline.phases.find((candidate) => candidate.start <= time && time < candidate.end);
    return `${time - origin} ms (${phase?.condition ?? 'after'})`;
  };
  const attempts = note.attempts
    .map(
      (attempt) =>
        `${attempt.status}${attempt.replayed ? ' replayed' : ''} sent ${at(attempt.sentAt)} answered ${at(attempt.answeredAt)}`,
    )
    .join(', ');
  const stored = copies.map((copy) => `${copy.noteId} created ${at(Date.parse(copy.createdAt))}`).join(', ');
  const ids = new Set(copies.map((copy) => copy.noteId));
  const writes = journal
    .filter((entry) => entry.noteId === note.title || ids.has(entry.noteId))
    .sort((a, b) => a.at - b.at)
    .map(
      (entry) =>
        `${entry.at - origin} ${entry.stage} ${entry.operation} ${entry.noteId === note.title ? 'key record' : `note ${entry.noteId.slice(-6)}`}` +
        `${entry.attempt === undefined ? '' : ` attempt …${entry.attempt.slice(-6)}`}: ${entry.detail}`,
    )
    .join('\n    ');
  return `${note.title} acknowledged as ${note.noteId}; attempts: ${attempts}; copies: ${stored}; storage requests:\n    ${writes}`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

describe.each(RUNTIMES)('$name while storage is slow, drops connections and stops', ({ name, choice }) => {
  it(
    'answers every request in time with 201 or 503 and Retry-After, recovers without a restart, and stores each keyed note once',
    async () => {
      const storage = await startFaultyStorage({
        slowHoldMs: SLOW_HOLD_MS,
        resetShare: RESET_SHARE,
        ...(SEED === undefined ? {} : { seed: SEED }),
      });
      cleanups.push(() => storage.close());
      const running = await startTestStack({
        ...choice,
        store: 'dynamodb',
        environment: {
          ...pool.environment,
          ...storage.environment,
          RATE_LIMIT_PER_MINUTE: '0',
          RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
        },
        lambdaMaxConcurrency: users.length,
      });
      cleanups.push(() => running.stack.close());
      const { stack, log } = running;
      const base = stack.baseUrl;
      const run = randomUUID();
      console.info(
        `[faults] ${name}: storage seed ${storage.seed}; ${CYCLES} cycle(s) of ${CYCLE.map(([condition, ms]) => `${condition} ${seconds(ms)}`).join(', ')} ` +
          `(slow: answers held ${SLOW_HOLD_MS[0]}-${SLOW_HOLD_MS[1]} ms; resetting: ${RESET_SHARE * 100}% of connections dropped); ` +
          `${KEYED_CLIENTS} clients with Idempotency-Key, ${UNKEYED_CLIENTS} without; budget ${BUDGET_MS} ms, clients give up at ${GIVE_UP_MS} ms`,
      );
      if (stack.apiRuntime === 'lambda') {
        await rampUpInstances(base, users, { step: 4, abortAfterMs: GIVE_UP_MS });
      }

      // The clients run through every cycle; storage changes under them.
      const timeline = new Timeline<StorageCondition>();
      timeline.enter('healthy');
      let stopping = false;
      let abandonAt = Number.POSITIVE_INFINITY;
      const writers = users.map((user, i) =>
        runWriter({
          base,
          user,
          label: `${i < KEYED_CLIENTS ? 'keyed' : 'unkeyed'}-${i}`,
          keyed: i < KEYED_CLIENTS,
          content: (title) => `fault-content ${run} ${title}`,
          abortAfterMs: GIVE_UP_MS,
          stopping: () => stopping,
          abandonAt: () => abandonAt,
        }),
      );
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        for (const [condition, milliseconds] of CYCLE) {
          storage.set(condition);
          timeline.enter(condition);
          // A duration: how long storage stays in this condition.
          await delay(milliseconds);
        }
      }
      stopping = true;
      abandonAt = Date.now() + DRAIN_MS;
      const written: WrittenNote[][] = await Promise.all(writers);
      timeline.close();

      // Every answer, placed in the timeline.
      const attempts = written.flat().flatMap((note) => note.attempts.map((attempt) => ({ note, attempt })));
      const statuses = new Tally<number | string>();
      const latency = new Latencies();
      for (const { attempt } of attempts) {
        statuses.add(attempt.status);
        if (attempt.status !== 'no answer') latency.add(attempt.answeredAt - attempt.sentAt);
      }
      const unexpected = attempts.filter(
        ({ note, attempt }) =>
          !(attempt.status === 201 || attempt.status === 503 || (attempt.status === 409 && note.keyed)),
      );
      const withoutRetryAfter = attempts.filter(
        ({ attempt }) => (attempt.status === 503 || attempt.status === 409) && attempt.retryAfter === null,
      );
      const whileStopped = new Tally<number | string>();
      for (const phase of timeline.of('stopped')) {
        for (const { attempt } of attempts) {
          if (attempt.sentAt >= phase.start && attempt.answeredAt <= phase.end) whileStopped.add(attempt.status);
        }
      }
      // Back without a restart: after each stop, the first 201 and every client written again before the next fault.
      const recoveries = timeline.of('stopped').map((phase) => {
        const recovery = timeline.after(phase)!;
        const window = (attempt: { sentAt: number; answeredAt: number; status: number | string }) =>
          attempt.status === 201 && attempt.sentAt >= recovery.start && attempt.answeredAt <= recovery.end;
        const first = Math.min(
          ...attempts.filter(({ attempt }) => window(attempt)).map(({ attempt }) => attempt.answeredAt),
        );
        const clientsBack = written.filter((notes) => notes.some((note) => note.attempts.some(window))).length;
        return { afterMs: first - recovery.start, clientsBack };
      });

      // What was stored, through the API (storage healthy again) and straight from the table.
      const listed: ListedNote[][] = await Promise.all(
        users.map((user) => listEveryNote(base, user.token, { abortAfterMs: GIVE_UP_MS })),
      );
      const items = await scanTable(storage);
      const noteItems = items.filter((item) => !String(item.userId).startsWith(IDEMPOTENCY_PREFIX));
      const recordStates = new Tally<string>();
      for (const item of items)
        if (String(item.userId).startsWith(IDEMPOTENCY_PREFIX)) recordStates.add(String(item.state));
      const notWhole = noteItems.filter((item) => !isWholeNote(item));

      const keyed = { acknowledged: 0, storedOnce: 0, notAcknowledged: 0, lost: 0, wrongCopies: 0, foundByRetry: 0 };
      const unkeyed = { acknowledged: 0, stored: 0, lost: 0, storedAnyway: 0, storedNotAcknowledged: 0 };
      let wrongContent = 0;
      const duplicates: string[] = [];
      written.forEach((notes, u) => {
        const byTitle = new Map<string, ListedNote[]>();
        for (const note of listed[u]!) byTitle.set(note.title, [...(byTitle.get(note.title) ?? []), note]);
        const titles = new Set(notes.map((note) => note.title));
        for (const [title, copies] of byTitle) {
          const note = notes.find((candidate) => candidate.title === title);
          if (!titles.has(title) || note?.noteId === undefined) {
            if (u < KEYED_CLIENTS) keyed.notAcknowledged += copies.length;
            else unkeyed.storedNotAcknowledged += copies.length;
          }
          wrongContent += copies.filter((copy) => copy.content !== `fault-content ${run} ${title}`).length;
        }
        for (const note of notes) {
          if (note.noteId === undefined) continue;
          const copies = byTitle.get(note.title) ?? [];
          const mine = copies.find((copy) => copy.noteId === note.noteId);
          if (note.keyed) {
            keyed.acknowledged += 1;
            if (mine === undefined) keyed.lost += 1;
            else if (copies.length === 1) keyed.storedOnce += 1;
            else {
              keyed.wrongCopies += copies.length - 1;
              duplicates.push(describeDuplicate(note, copies, timeline, storage.journal));
            }
            // Answered 503 at least once, and stored by one of those attempts: its retry found it.
            const last = note.attempts.at(-1)!;
            if (
              mine !== undefined &&
              note.attempts.some((attempt) => attempt.status === 503) &&
              (last.replayed || Date.parse(mine.createdAt) < last.sentAt)
            ) {
              keyed.foundByRetry += 1;
            }
          } else {
            unkeyed.acknowledged += 1;
            if (mine === undefined) unkeyed.lost += 1;
            else unkeyed.stored += 1;
            unkeyed.storedAnyway += Math.max(0, copies.length - 1);
          }
        }
      });
      const abandoned = written.flat().filter((note) => note.noteId === undefined).length;

      console.info(
        `[faults] ${name}: ${attempts.length} requests, ${statuses}; latency ${latency.summary()} ` +
          `(budget ${BUDGET_MS} ms); ${statuses.get('no answer')} without an answer; ${withoutRetryAfter.length} 503/409 without Retry-After`,
      );
      console.info(
        `[faults] ${name}: while stopped ${whileStopped}; back after the stop: ` +
          recoveries
            .map(
              ({ afterMs, clientsBack }) =>
                `first 201 ${Math.round(afterMs)} ms after the thaw, ${clientsBack}/${users.length} clients wrote again`,
            )
            .join('; ') +
          `; storage requests ${storage.treatment}`,
      );
      console.info(
        `[faults] ${name}: keyed: ${keyed.acknowledged} acknowledged, ${keyed.storedOnce} stored exactly once, ${keyed.lost} acknowledged but not stored, ` +
          `${keyed.notAcknowledged} stored but not acknowledged, ${keyed.wrongCopies} extra copies; ` +
          `${keyed.foundByRetry} answered 503 but stored anyway (their retry found them: replayed or taken over)`,
      );
      console.info(
        `[faults] ${name}: without a key: ${unkeyed.acknowledged} acknowledged, ${unkeyed.stored} stored, ${unkeyed.lost} acknowledged but not stored; ` +
          `${unkeyed.storedAnyway} answered 503 but stored anyway (a second copy), ${unkeyed.storedNotAcknowledged} stored but never acknowledged`,
      );
      console.info(
        `[faults] ${name}: table: ${noteItems.length} notes, ${notWhole.length} not whole, ${wrongContent} with other content; ` +
          `idempotency records ${recordStates}; ${abandoned} notes abandoned unacknowledged; instances ${describeInstances(stack)}`,
      );

      for (const duplicate of duplicates) console.info(`[faults] ${name}: stored twice: ${duplicate}`);

      expect(statuses.get('no answer'), 'requests that got no answer within 3× the budget').toBe(0);
      expect(unexpected.map(({ note, attempt }) => `${note.title}: ${attempt.status}`)).toEqual([]);
      expect(withoutRetryAfter).toHaveLength(0);
      expect(whileStopped.entries().map(([status]) => status)).toEqual([503]);
      expect(statuses.get(503)).toBeGreaterThan(0);
      for (const recovery of recoveries) expect(recovery.clientsBack).toBe(users.length);
      expect(abandoned).toBe(0);
      expect(keyed).toMatchObject({ lost: 0, notAcknowledged: 0, wrongCopies: 0, storedOnce: keyed.acknowledged });
      expect(unkeyed).toMatchObject({ lost: 0, storedNotAcknowledged: 0 });
      expect(notWhole).toEqual([]);
      expect(wrongContent).toBe(0);
      expect(noteItems).toHaveLength(listed.flat().length);
      const text = log.text;
      expect(text).not.toContain(`fault-content ${run}`);
      expect(users.filter((user) => text.includes(user.token)).map((user) => user.email)).toEqual([]);
      await running.stack.close();
    },
    120_000 + CYCLES * CYCLE_MS + DRAIN_MS,
  );
});
