/**
 * Idempotency records in the notes table itself, so a deployment needs no second table: each
 * record is an item under the owner id `secure-notes#idempotency#{sub}` (no user's id starts so,
 * see `RESERVED_OWNER_PREFIX`), with the key as its sort key. Every `Query` on `userId = sub`
 * (this API's listings, the tutorial's Python Lambda) stays inside the owner's notes and never
 * sees them; DynamoDB's TTL removes them a day later (attribute `ttl`, epoch seconds), and every
 * read treats an expired one as absent before TTL gets to it.
 *
 * Each step is one conditional write, so the store is correct without transactions (the
 * embedded emulator has none) and under the SDK's own resends: a claim whose answer was lost
 * finds its own attempt id in the record and knows it won.
 */
import type { AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore, StorageOptions } from '@secure-notes/domain';
import { classifyDynamoDbError, toPortError } from './dynamodb-errors.js';
import { RESERVED_OWNER_PREFIX, withDeadline } from './dynamodb-notes-repository.js';

const PARTITION_PREFIX = `${RESERVED_OWNER_PREFIX}idempotency#`;

interface RecordItem {
  readonly userId: string;
  readonly noteId: string;
  readonly fingerprint: string;
  readonly reservation: string;
  readonly attempt: string;
  readonly state: 'in-progress' | 'completed';
  readonly lockedUntil: number;
  readonly expiresAt: number;
  /** Epoch seconds, for DynamoDB's TTL. */
  readonly ttl: number;
  readonly outcome?: string;
}

function toItem(record: IdempotencyRecord): RecordItem {
  return {
    userId: PARTITION_PREFIX + record.ownerId,
    noteId: record.key,
    fingerprint: record.fingerprint,
    reservation: record.reservation,
    attempt: record.attempt,
    state: record.state,
    lockedUntil: record.lockedUntil,
    expiresAt: record.expiresAt,
    ttl: Math.ceil(record.expiresAt / 1000),
    ...(record.outcome === undefined ? {} : { outcome: record.outcome }),
  };
}

function fromItem(item: Record<string, unknown>): IdempotencyRecord {
  const record = item as unknown as RecordItem;
  return {
    ownerId: record.userId.slice(PARTITION_PREFIX.length),
    key: record.noteId,
    fingerprint: record.fingerprint,
    reservation: record.reservation,
    attempt: record.attempt,
    state: record.state,
    lockedUntil: Number(record.lockedUntil),
    expiresAt: Number(record.expiresAt),
    ...(record.outcome === undefined ? {} : { outcome: record.outcome }),
  };
}

export interface DynamoDbIdempotencyStoreOptions {
  /** The notes table. */
  readonly tableName: string;
}

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, options: DynamoDbIdempotencyStoreOptions) {
    this.#client = client;
    this.#table = options.tableName;
  }

  async claim(record: IdempotencyRecord, now: number, storage?: StorageOptions): Promise<IdempotencyClaim> {
    // A record can vanish between two steps (released, or removed by TTL): start over, a few times.
    for (let round = 0; round < 3; round += 1) {
      const current = await this.#putIfFree(record, now, storage);
      if (current === undefined) return { claimed: true, record, takenOver: false };
      if (current === 'gone') continue;
      // Our own put, applied by an earlier SDK attempt whose answer was lost.
      if (current.attempt === record.attempt) return { claimed: true, record: current, takenOver: false };
      const abandoned =
        current.state === 'in-progress' && current.lockedUntil <= now && current.fingerprint === record.fingerprint;
      if (!abandoned) return { claimed: false, record: current };
      const taken = await this.#takeOver(current, record, storage);
      if (taken !== undefined) return { claimed: true, record: taken, takenOver: true };
      const after = await this.#read(record.ownerId, record.key, now, storage);
      if (after === undefined) continue;
      if (after.attempt === record.attempt) return { claimed: true, record: after, takenOver: true };
      return { claimed: false, record: after };
    }
    throw new Error(`the idempotency record ${record.key} kept changing under three claims in a row`);
  }

  async complete(
    ownerId: string,
    key: string,
    attempt: string,
    outcome: string,
    storage?: StorageOptions,
  ): Promise<void> {
    await this.#ifHeld(
      new UpdateCommand({
        TableName: this.#table,
        Key: { userId: PARTITION_PREFIX + ownerId, noteId: key },
        UpdateExpression: 'SET #state = :completed, #outcome = :outcome',
        ConditionExpression: '#attempt = :attempt',
        ExpressionAttributeNames: { '#state': 'state', '#outcome': 'outcome', '#attempt': 'attempt' },
        ExpressionAttributeValues: { ':completed': 'completed', ':outcome': outcome, ':attempt': attempt },
      }),
      storage,
    );
  }

  async release(ownerId: string, key: string, attempt: string, storage?: StorageOptions): Promise<void> {
    await this.#ifHeld(
      new DeleteCommand({
        TableName: this.#table,
        Key: { userId: PARTITION_PREFIX + ownerId, noteId: key },
        ConditionExpression: '#attempt = :attempt AND #state = :inProgress',
        ExpressionAttributeNames: { '#state': 'state', '#attempt': 'attempt' },
        ExpressionAttributeValues: { ':attempt': attempt, ':inProgress': 'in-progress' },
      }),
      storage,
    );
  }

  /** Stores the record unless a live one exists: `undefined` when stored, else the one in the way. */
  async #putIfFree(
    record: IdempotencyRecord,
    now: number,
    storage: StorageOptions | undefined,
  ): Promise<IdempotencyRecord | 'gone' | undefined> {
    try {
      await withDeadline(storage, (abort) =>
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: toItem(record),
            ConditionExpression: 'attribute_not_exists(#noteId) OR #expiresAt <= :now',
            ExpressionAttributeNames: { '#noteId': 'noteId', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':now': now },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          abort,
        ),
      );
      return undefined;
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      const returned = (error as Partial<ConditionalCheckFailedException>).Item;
      if (returned !== undefined) return fromItem(unmarshall(returned as Record<string, AttributeValue>));
      return (await this.#read(record.ownerId, record.key, now, storage)) ?? 'gone';
    }
  }

  /** Moves a dead attempt's claim to `record.attempt`; `undefined` when another attempt got there first. */
  async #takeOver(
    current: IdempotencyRecord,
    record: IdempotencyRecord,
    storage: StorageOptions | undefined,
  ): Promise<IdempotencyRecord | undefined> {
    try {
      await withDeadline(storage, (abort) =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { userId: PARTITION_PREFIX + current.ownerId, noteId: current.key },
            UpdateExpression: 'SET #attempt = :attempt, #lockedUntil = :lockedUntil',
            ConditionExpression: '#attempt = :dead AND #state = :inProgress',
            ExpressionAttributeNames: { '#attempt': 'attempt', '#lockedUntil': 'lockedUntil', '#state': 'state' },
            ExpressionAttributeValues: {
              ':attempt': record.attempt,
              ':lockedUntil': record.lockedUntil,
              ':dead': current.attempt,
              ':inProgress': 'in-progress',
            },
          }),
          abort,
        ),
      );
      return { ...current, attempt: record.attempt, lockedUntil: record.lockedUntil };
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      return undefined;
    }
  }

  async #read(
    ownerId: string,
    key: string,
    now: number,
    storage: StorageOptions | undefined,
  ): Promise<IdempotencyRecord | undefined> {
    try {
      const { Item } = await withDeadline(storage, (abort) =>
        this.#client.send(
          new GetCommand({
            TableName: this.#table,
            Key: { userId: PARTITION_PREFIX + ownerId, noteId: key },
            ConsistentRead: true,
          }),
          abort,
        ),
      );
      if (Item === undefined) return undefined;
      const record = fromItem(Item);
      return record.expiresAt <= now ? undefined : record;
    } catch (error) {
      throw toPortError(error);
    }
  }

  /** A write conditioned on the caller still holding the record; a failed condition means it no longer does. */
  async #ifHeld(command: UpdateCommand | DeleteCommand, storage: StorageOptions | undefined): Promise<void> {
    try {
      await withDeadline(storage, (abort) => this.#client.send(command as UpdateCommand, abort));
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
    }
  }
}
