/**
 * The notes repository on DynamoDB, in the tutorial's table layout (see `note-item.ts`).
 *
 * Every write is one conditional request, so retries and races stay correct without a read
 * before the write: create is `attribute_not_exists`, update and delete are conditioned on
 * the item existing (and, when given, on its version). When a condition fails, the backend
 * returns the item as it was (`ReturnValuesOnConditionCheckFailure`), which tells "not found"
 * from "version mismatch" without a second request. dynalite ignores that parameter; there one
 * consistent `GetItem` decides (see `oldItemOnConditionFailure`).
 *
 * The SDK resends a request whose answer did not come in time, although the first one may
 * well have been applied; the resent one then fails its own condition. So a failed condition
 * is checked against this call's own earlier attempt before it becomes an error: an update
 * stores a fresh `writeId` and refuses to apply the same one twice, so an old item carrying
 * it is this call's result; a create finds exactly the item it wrote; a delete that was
 * retried finds the note gone. (A retried delete of a note that someone else removed in
 * between also reports success: the note is gone either way.)
 *
 * Listing is a `Query` on the owner's partition, newest first. The page cursor is the domain's
 * business (it seals the owner and the last note id); here the continuation is rebuilt from
 * the caller's owner and that id, so no cursor can ever reach another partition.
 *
 * One unit: every operation shares the item mapping, the conditions and the retry check above,
 * which only hold together when they are read together.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type Attachment,
  ConcurrentChangeError,
  type Note,
  type NoteChanges,
  NoteConflictError,
  NoteNotFoundError,
  type NotesPage,
  type NotesPageRequest,
  type NotesRepository,
  type StorageOptions,
  UnavailableError,
  VersionMismatchError,
  type WriteOptions,
} from '@secure-notes/domain';
import { classifyDynamoDbError, toPortError } from './dynamodb-errors.js';
import {
  ATTACHMENTS_ATTRIBUTE,
  attachmentsText,
  fromNoteItem,
  isSameNoteItem,
  type NoteItem,
  serializedItemBytes,
  toNoteItem,
  WRITE_ID_ATTRIBUTE,
} from './note-item.js';

/**
 * Bytes of notes (as JSON) one listing page may read, so that a page of the largest notes is not
 * held in memory whole. What fits in one answer is the HTTP contract's budget (`http-api`'s
 * `PROXY_RESULT_PAGE_BUDGET`), which may end the page sooner.
 */
export const DEFAULT_MAX_PAGE_BYTES = 4 * 1024 * 1024;

export interface DynamoDbNotesRepositoryOptions {
  readonly tableName: string;
  /**
   * Strongly consistent `GetItem` and `Query` (default true), so that a note is listed and
   * readable as soon as its write returns, as the API promises. Costs twice the read units.
   */
  readonly consistentReads?: boolean;
  /**
   * The most a listing page may weigh as JSON (default 4 MiB): a page holds fewer notes than
   * asked for, and says that more follow, rather than grow past it.
   */
  readonly maxPageBytes?: number;
  /**
   * Whether the backend returns the old item when a condition fails. `'returned'` (DynamoDB,
   * DynamoDB Local 2+): trust its absence to mean "not found". `'detect'` (the default): read
   * the item once with a consistent `GetItem` whenever the failure carries none, until the
   * backend has shown that it returns items.
   */
  readonly oldItemOnConditionFailure?: 'returned' | 'detect';
}

function versionCondition(expectedVersion: number | undefined): {
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const exists = 'attribute_exists(#noteId)';
  if (expectedVersion === undefined) return { condition: exists, names: { '#noteId': 'noteId' }, values: {} };
  const names = { '#noteId': 'noteId', '#version': 'version' };
  const values = { ':expected': expectedVersion };
  // The tutorial's items have no version and count as version 1.
  const condition =
    expectedVersion === 1
      ? `${exists} AND (attribute_not_exists(#version) OR #version = :expected)`
      : `${exists} AND #version = :expected`;
  return { condition, names, values };
}

/**
 * Whether the SDK sent the failed request more than once: only then can an earlier attempt
 * of the same call have been applied without its answer arriving.
 */
function wasRetried(error: unknown): boolean {
  const attempts = (error as { $metadata?: { attempts?: unknown } }).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 1;
}

/**
 * Owner ids that start with this never name a user (a Cognito `sub` is a UUID, a client id is
 * alphanumeric): other records of the table (idempotency keys) live under them, out of every
 * owner's `Query`, the tutorial's Lambda's included.
 */
export const RESERVED_OWNER_PREFIX = 'secure-notes#';

/** The SDK's send options that `withDeadline` gives a call. */
export interface DeadlineOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * Runs one SDK call so that it ends by `storage.deadline` (epoch ms), retries included: the
 * abort signal it is given fires when the time is up, and past the deadline nothing is sent at
 * all. The signal's timer is cleared as soon as the call is over: `AbortSignal.timeout` would
 * leave one timer per call running until it fires, seconds later, which costs each call
 * more than the rest of the handler's own work (`pnpm bench` measures the warm path).
 *
 * @example
 * const { Item } = await withDeadline({ deadline: Date.now() + 3000 }, (abort) => client.send(new GetCommand(input), abort));
 */
export async function withDeadline<T>(
  storage: StorageOptions | undefined,
  call: (options: DeadlineOptions) => Promise<T>,
): Promise<T> {
  if (storage?.deadline === undefined) return call({});
  const remaining = storage.deadline - Date.now();
  if (remaining <= 0)
    throw new UnavailableError('the request ran out of time before storage could answer; retry shortly', 1);
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('the storage deadline passed', 'TimeoutError')),
    remaining,
  );
  try {
    return await call({ abortSignal: deadline.signal });
  } finally {
    clearTimeout(timer);
  }
}

function isReservedOwner(ownerId: string): boolean {
  return ownerId.startsWith(RESERVED_OWNER_PREFIX);
}

export class DynamoDbNotesRepository implements NotesRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #consistent: boolean;
  readonly #maxPageBytes: number;
  #backendReturnsOldItem: boolean;

  /** @param client shared by the whole process; see `createDynamoDbDocumentClient`. */
  constructor(client: DynamoDBDocumentClient, options: DynamoDbNotesRepositoryOptions) {
    this.#client = client;
    this.#table = options.tableName;
    this.#consistent = options.consistentReads ?? true;
    this.#maxPageBytes = options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
    this.#backendReturnsOldItem = options.oldItemOnConditionFailure === 'returned';
  }

  async create(note: Note, storage?: StorageOptions): Promise<void> {
    if (isReservedOwner(note.userId)) throw new Error(`${note.userId} is not an owner id: it names internal records`);
    const item = toNoteItem(note);
    try {
      await withDeadline(storage, (abort) =>
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#noteId)',
            ExpressionAttributeNames: { '#noteId': 'noteId' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          abort,
        ),
      );
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      // The note in the way may be this very one, stored by an attempt whose answer was lost.
      const existing = await this.#oldItem(error, note.userId, note.noteId, wasRetried(error), storage);
      if (existing !== undefined && isSameNoteItem(existing, item)) return;
      throw new NoteConflictError(note.noteId, { cause: error });
    }
  }

  async get(ownerId: string, noteId: string, storage?: StorageOptions): Promise<Note | undefined> {
    if (isReservedOwner(ownerId)) return undefined;
    const item = await this.#getItem(ownerId, noteId, this.#consistent, storage);
    return item && fromNoteItem(item);
  }

  async list(ownerId: string, { limit, startAfter }: NotesPageRequest, storage?: StorageOptions): Promise<NotesPage> {
    if (isReservedOwner(ownerId)) return { notes: [] };
    const notes: Note[] = [];
    let bytes = 0;
    let startKey: Record<string, unknown> | undefined =
      startAfter === undefined ? undefined : { userId: ownerId, noteId: startAfter };
    // One more than the page, to know whether another page follows. A Query page also ends
    // at 1 MB of data, before `Limit`: keep going from where it stopped.
    for (;;) {
      const page = await this.#query(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#userId = :owner',
          ExpressionAttributeNames: { '#userId': 'userId' },
          ExpressionAttributeValues: { ':owner': ownerId },
          ScanIndexForward: false,
          Limit: limit + 1 - notes.length,
          ConsistentRead: this.#consistent,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
        storage,
      );
      for (const item of page.Items ?? []) {
        const size = serializedItemBytes(item);
        // The page is full by weight: it ends here, and the item that did not fit comes next.
        if (notes.length > 0 && bytes + size > this.#maxPageBytes) return { notes, lastNoteId: notes.at(-1)!.noteId };
        notes.push(fromNoteItem(item));
        bytes += size;
      }
      if (notes.length > limit) return { notes: notes.slice(0, limit), lastNoteId: notes[limit - 1]!.noteId };
      if (page.LastEvaluatedKey === undefined) return { notes };
      startKey = page.LastEvaluatedKey;
    }
  }

  async update(
    ownerId: string,
    noteId: string,
    changes: NoteChanges,
    expectedVersion?: number,
    options: WriteOptions = {},
  ): Promise<Note> {
    if (isReservedOwner(ownerId)) throw new NoteNotFoundError(noteId);
    const { condition, names, values } = versionCondition(expectedVersion);
    const fields = Object.entries({ title: changes.title, content: changes.content, updatedAt: changes.updatedAt });
    const present = fields.filter(([, value]) => value !== undefined);
    // This call's mark on the item: a resent attempt finds it there and applies nothing twice.
    // A keyed request brings its own, the same in every attempt of the request.
    const writeId = options.writeId ?? randomUUID();
    // The tutorial's items have no version: they go from (implicit) 1 to 2.
    const sets = [
      ...present.map(([name]) => `#${name} = :${name}`),
      '#version = if_not_exists(#version, :one) + :one',
      '#writeId = :writeId',
    ];
    try {
      const { Attributes } = await withDeadline(options, (abort) =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { userId: ownerId, noteId },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `${condition} AND (attribute_not_exists(#writeId) OR #writeId <> :writeId)`,
            ExpressionAttributeNames: {
              ...names,
              ...Object.fromEntries(present.map(([name]) => [`#${name}`, name])),
              '#version': 'version',
              '#writeId': WRITE_ID_ATTRIBUTE,
            },
            ExpressionAttributeValues: {
              ...values,
              ...Object.fromEntries(present.map(([name, value]) => [`:${name}`, value])),
              ':one': 1,
              ':writeId': writeId,
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          abort,
        ),
      );
      if (Attributes === undefined) throw new Error('DynamoDB answered an UpdateItem with ALL_NEW without attributes');
      return fromNoteItem(Attributes);
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      // Without an expected version only a retry makes the old item worth a read: the first
      // attempt's condition (existence, a write id never used before) fails only on no note.
      const old = await this.#oldItem(
        error,
        ownerId,
        noteId,
        expectedVersion !== undefined || wasRetried(error) || options.writeId !== undefined,
        options,
      );
      // This call's own write id: an earlier attempt was applied, and the old item is its result.
      if (old !== undefined && old[WRITE_ID_ATTRIBUTE] === writeId) return fromNoteItem(old);
      if (old === undefined || expectedVersion === undefined) throw new NoteNotFoundError(noteId, { cause: error });
      // The condition failed on an existing item of another write, so its version differs.
      throw new VersionMismatchError(noteId, expectedVersion, { cause: error });
    }
  }

  /** One conditional `UpdateItem` that compares the stored list with `expected` as text. */
  async replaceAttachments(
    ownerId: string,
    noteId: string,
    expected: readonly Attachment[],
    next: readonly Attachment[],
    storage?: StorageOptions,
  ): Promise<void> {
    if (isReservedOwner(ownerId)) throw new NoteNotFoundError(noteId);
    const was =
      expected.length === 0
        ? '(attribute_not_exists(#attachments) OR #attachments = :empty)'
        : '#attachments = :expected';
    const nextText = attachmentsText(next);
    try {
      await withDeadline(storage, (abort) =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { userId: ownerId, noteId },
            UpdateExpression: 'SET #attachments = :next',
            ConditionExpression: `attribute_exists(#noteId) AND ${was}`,
            ExpressionAttributeNames: { '#noteId': 'noteId', '#attachments': ATTACHMENTS_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':next': nextText,
              ...(expected.length === 0 ? { ':empty': '[]' } : { ':expected': attachmentsText(expected) }),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          abort,
        ),
      );
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      const old = await this.#oldItem(error, ownerId, noteId, true, storage);
      if (old === undefined) throw new NoteNotFoundError(noteId, { cause: error });
      // A resent request whose first attempt was applied finds its own list there.
      if (wasRetried(error) && old[ATTACHMENTS_ATTRIBUTE] === nextText) return;
      throw new ConcurrentChangeError(`the attachments of note ${noteId} changed since they were read`, {
        cause: error,
      });
    }
  }

  async delete(ownerId: string, noteId: string, expectedVersion?: number, storage?: StorageOptions): Promise<void> {
    if (isReservedOwner(ownerId)) throw new NoteNotFoundError(noteId);
    const { condition, names, values } = versionCondition(expectedVersion);
    try {
      await withDeadline(storage, (abort) =>
        this.#client.send(
          new DeleteCommand({
            TableName: this.#table,
            Key: { userId: ownerId, noteId },
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          abort,
        ),
      );
    } catch (error) {
      if (classifyDynamoDbError(error) !== 'condition-failed') throw toPortError(error);
      // Without an expected version the only condition is existence: the note is gone.
      const exists =
        expectedVersion !== undefined && (await this.#oldItem(error, ownerId, noteId, true, storage)) !== undefined;
      // The condition failed on an existing item, so its version differs from the expected one.
      if (exists) throw new VersionMismatchError(noteId, expectedVersion, { cause: error });
      // Gone after a resent request: the earlier attempt, whose answer was lost, deleted it.
      if (wasRetried(error)) return;
      throw new NoteNotFoundError(noteId, { cause: error });
    }
  }

  /**
   * The item as it was when a condition failed: the one the backend returned with the failure,
   * else (where the backend has not shown that it returns items) one consistent read, made
   * only when `readIfMissing`. `undefined` when there is no item, or when it was not read.
   */
  async #oldItem(
    error: unknown,
    ownerId: string,
    noteId: string,
    readIfMissing: boolean,
    storage?: StorageOptions,
  ): Promise<NoteItem | undefined> {
    // Still in DynamoDB's typed JSON: the document client converts responses, not errors.
    const returned = (error as Partial<ConditionalCheckFailedException>).Item;
    if (returned !== undefined) {
      this.#backendReturnsOldItem = true;
      return unmarshall(returned as Record<string, AttributeValue>);
    }
    if (this.#backendReturnsOldItem || !readIfMissing) return undefined;
    return this.#getItem(ownerId, noteId, true, storage);
  }

  async #getItem(
    ownerId: string,
    noteId: string,
    consistent: boolean,
    storage: StorageOptions | undefined,
  ): Promise<NoteItem | undefined> {
    try {
      const { Item } = await withDeadline(storage, (abort) =>
        this.#client.send(
          new GetCommand({ TableName: this.#table, Key: { userId: ownerId, noteId }, ConsistentRead: consistent }),
          abort,
        ),
      );
      return Item;
    } catch (error) {
      throw toPortError(error);
    }
  }

  async #query(command: QueryCommand, storage: StorageOptions | undefined): Promise<QueryCommandOutput> {
    try {
      return await withDeadline(storage, (abort) => this.#client.send(command, abort));
    } catch (error) {
      throw toPortError(error);
    }
  }
}
