/**
 * Storage that a test can make sick while the stack runs on it: dynalite with a notes table,
 * reached through the storage proxy (`@secure-notes/testing`), whose condition the test changes at any time:
 *
 * - `healthy`: every request goes through at once;
 * - `slow`: every request is applied at once, its answer held back a random while;
 * - `resetting`: some connections are dropped before the request is read through (not applied);
 * - `stopped`: nothing answers; requests wait, as with a stopped process, and are applied in the
 *   order they came once storage is `healthy` (or anything else) again. A request the API gave
 *   up on may so be applied after its client was answered 503: that is what idempotency keys
 *   are for, and what the suites count.
 *
 * Randomness comes from a seeded generator, printed by the suites, so a run's fault choices can
 * be replayed (its timing cannot).
 * A journal records each storage request twice, when it reached the fault endpoint (and what
 * was done to it) and when dynalite applied it (and how it answered), so that a suite that
 * finds a note stored twice can print the exact sequence of writes behind it.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient, ensureNotesTable } from '@secure-notes/adapters-aws';
import { startDynalite } from '@secure-notes/adapters-aws/dynamodb/testing';
import { type Fault, startStorageProxy } from '@secure-notes/testing';
import { Tally } from './latencies.js';

export type StorageCondition = 'healthy' | 'slow' | 'resetting' | 'stopped';

export interface FaultyStorageOptions {
  /** `slow`: each answer is held back between these many milliseconds (uniformly). */
  readonly slowHoldMs?: readonly [number, number];
  /** `resetting`: the share of connections dropped, 0 to 1. */
  readonly resetShare?: number;
  /** Seeds the random choices; a random seed when absent (read it back from `seed`). */
  readonly seed?: number;
}

/** One storage request at one point of its way. */
export interface JournalEntry {
  /** Epoch milliseconds. */
  readonly at: number;
  /** `arrived` at the fault endpoint (with what was done to it), or `applied` by dynalite (with its answer). */
  readonly stage: 'arrived' | 'applied';
  readonly operation: string;
  /** The item's `userId` and `noteId` (for an idempotency record, the owner prefix and the key). */
  readonly userId: string;
  readonly noteId: string;
  /** The idempotency attempt the request carries (`attempt`, `:attempt`), if any. */
  readonly attempt?: string;
  /** `forwarded`, `held 812 ms`, `reset`, `frozen`; or the answer: `200`, `400 ConditionalCheckFailedException`. */
  readonly detail: string;
}

export interface FaultyStorage {
  /** The settings of the stack's `dynamodb` store: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT (the fault endpoint). */
  readonly environment: Readonly<Record<string, string>>;
  readonly tableName: string;
  /** A client straight to dynalite, past the faults: for counting what was stored. */
  readonly documents: DynamoDBDocumentClient;
  readonly seed: number;
  readonly condition: StorageCondition;
  /** Changes the condition from the next request on; leaving `stopped` lets the waiting requests through. */
  set(condition: StorageCondition): void;
  /** Storage requests by what was done to them: `forwarded`, `held`, `reset`, `frozen`. */
  readonly treatment: Tally<string>;
  /** Every storage request, as it arrived and as it was applied, in time order within each stage. */
  readonly journal: readonly JournalEntry[];
  close(): Promise<void>;
}

type AttributeValues = Record<string, { S?: string } | undefined>;

/** What the journal keeps of a request body: its item's key and its idempotency attempt. */
function keyOf(body: Record<string, unknown>): Pick<JournalEntry, 'userId' | 'noteId' | 'attempt'> {
  const item = (body.Key ?? body.Item ?? {}) as AttributeValues;
  const values = (body.ExpressionAttributeValues ?? {}) as AttributeValues;
  const attempt = (body.Item as AttributeValues | undefined)?.attempt?.S ?? values[':attempt']?.S;
  return {
    userId: item.userId?.S ?? '',
    noteId: item.noteId?.S ?? '',
    ...(attempt === undefined ? {} : { attempt }),
  };
}

/** mulberry32: a small, good enough, seeded generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @example
 * const storage = await startFaultyStorage();
 * const { stack } = await startTestStack({ store: 'dynamodb', environment: { ...storage.environment } });
 * storage.set('stopped'); // ... storage.set('healthy');
 */
export async function startFaultyStorage(options: FaultyStorageOptions = {}): Promise<FaultyStorage> {
  const [holdMin, holdMax] = options.slowHoldMs ?? [0, 1_500];
  const resetShare = options.resetShare ?? 0.3;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const treatment = new Tally<string>();
  let condition: StorageCondition = 'healthy';
  let thaw: () => void = () => {};
  let frozen: Promise<void> | undefined;

  const dynalite = await startDynalite();
  const tableName = `notes-${randomUUID()}`;
  const documents = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint, env: {} });
  try {
    await ensureNotesTable(documents, tableName);
  } catch (error) {
    documents.destroy();
    await dynalite.close();
    throw error;
  }
  const journal: JournalEntry[] = [];
  const decide = (): [Fault, string] => {
    switch (condition) {
      case 'healthy':
        return [{ kind: 'forward' }, 'forwarded'];
      case 'slow': {
        const holdMs = Math.round(holdMin + random() * (holdMax - holdMin));
        return [{ kind: 'forward', holdMs }, `held ${holdMs} ms`];
      }
      case 'resetting':
        return random() < resetShare ? [{ kind: 'reset' }, 'reset'] : [{ kind: 'forward' }, 'forwarded'];
      case 'stopped':
        return [{ kind: 'forward', after: frozen! }, 'frozen'];
    }
  };
  const faults = await startStorageProxy({
    upstream: dynalite.endpoint,
    fault: ({ operation, body }) => {
      const [fault, detail] = decide();
      treatment.add(detail.startsWith('held') ? 'held' : detail);
      journal.push({ at: Date.now(), stage: 'arrived', operation, ...keyOf(body), detail });
      return fault;
    },
    // Journals each request as dynalite answers it, before any fault holds the answer back.
    onUpstreamAnswer: ({ operation, body }, answer) => {
      const text = answer.body.toString('utf8');
      let type = '';
      try {
        type = String((JSON.parse(text) as { __type?: string }).__type ?? '').replace(/^.*#/, '');
      } catch {}
      journal.push({
        at: Date.now(),
        stage: 'applied',
        operation,
        ...keyOf(body),
        detail: `${answer.status}${type ? ` ${type}` : ''}`,
      });
    },
  });

  return {
    environment: { NOTES_TABLE: tableName, AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: faults.endpoint },
    tableName,
    documents,
    seed,
    get condition() {
      return condition;
    },
    set(next) {
      if (next === condition) return;
      if (condition === 'stopped') {
        frozen = undefined;
        thaw();
      }
      if (next === 'stopped') {
        frozen = new Promise<void>((resolve) => {
          thaw = resolve;
        });
      }
      condition = next;
    },
    treatment,
    journal,
    close: async () => {
      thaw();
      await faults.close();
      documents.destroy();
      await dynalite.close();
    },
  };
}
