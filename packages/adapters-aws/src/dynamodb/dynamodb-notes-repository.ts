/**
 * The notes repository on DynamoDB, in the seed's table layout (see `note-item.ts`).
 *
 * Every write is one conditional request, so retries and races stay correct without a read
 * before the write: create is `attribute_not_exists`, update and delete are conditioned on
 * the item existing (and, when given, on its version). When a condition fails, the backend
 * returns the item as it was (`ReturnValuesOnConditionCheckFailure`), which tells "not found"
 * from "version mismatch" without a second request. dynalite ignores that parameter; there one
 * consistent `GetItem` decides (see `oldItemOnConditionFailure`).
 *
 * Listing is a `Query` on the owner's partition, newest first. The page cursor is the domain's
 * business (it seals the owner and the last note id); here the continuation is rebuilt from
 * the caller's owner and that id, so no cursor can ever reach another partition.
 */
import type { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Note,
  type NoteChanges,
  NoteConflictError,
  NoteNotFoundError,
  type NotesPage,
  type NotesPageRequest,
  type NotesRepository,
  VersionMismatchError,
} from '@secure-notes/domain';
import { classifyDynamoDbError, toPortError } from './dynamodb-errors.js';
import { fromNoteItem, type NoteItem, serializedItemBytes, toNoteItem } from './note-item.js';

/** Bytes of notes (as JSON) one listing page may hold: well under Lambda's 6 MB response. */
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
  // The seed's items have no version and count as version 1.
  const condition =
    expectedVersion === 1
      ? `${exists} AND (attribute_not_exists(#version) OR #version = :expected)`
      : `${exists} AND #version = :expected`;
  return { condition, names, values };
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

  async create(note: Note): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toNoteItem(note),
          ConditionExpression: 'attribute_not_exists(#noteId)',
          ExpressionAttributeNames: { '#noteId': 'noteId' },
        }),
      );
    } catch (error) {
      if (classifyDynamoDbError(error) === 'condition-failed')
        throw new NoteConflictError(note.noteId, { cause: error });
      throw toPortError(error);
    }
  }

  async get(ownerId: string, noteId: string): Promise<Note | undefined> {
    const item = await this.#getItem(ownerId, noteId);
    return item && fromNoteItem(item);
  }

  async list(ownerId: string, { limit, startAfter }: NotesPageRequest): Promise<NotesPage> {
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

  async update(ownerId: string, noteId: string, changes: NoteChanges, expectedVersion?: number): Promise<Note> {
    const { condition, names, values } = versionCondition(expectedVersion);
    const fields = Object.entries({ title: changes.title, content: changes.content, updatedAt: changes.updatedAt });
    const present = fields.filter(([, value]) => value !== undefined);
    // The seed's items have no version: they go from (implicit) 1 to 2.
    const sets = [...present.map(([name]) => `#${name} = :${name}`), '#version = if_not_exists(#version, :one) + :one'];
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { userId: ownerId, noteId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            ...names,
            ...Object.fromEntries(present.map(([name]) => [`#${name}`, name])),
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ...values,
            ...Object.fromEntries(present.map(([name, value]) => [`:${name}`, value])),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      if (Attributes === undefined) throw new Error('DynamoDB answered an UpdateItem with ALL_NEW without attributes');
      return fromNoteItem(Attributes);
    } catch (error) {
      throw await this.#writeFailure(error, ownerId, noteId, expectedVersion);
    }
  }

  async delete(ownerId: string, noteId: string, expectedVersion?: number): Promise<void> {
    const { condition, names, values } = versionCondition(expectedVersion);
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { userId: ownerId, noteId },
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      throw await this.#writeFailure(error, ownerId, noteId, expectedVersion);
    }
  }

  /** The port's error for a failed update or delete. */
  async #writeFailure(error: unknown, ownerId: string, noteId: string, expectedVersion?: number): Promise<unknown> {
    if (classifyDynamoDbError(error) !== 'condition-failed') return toPortError(error);
    // Without an expected version the only condition is existence.
    if (expectedVersion === undefined) return new NoteNotFoundError(noteId, { cause: error });
    // The exception carries the old item, when the backend returns it, still in DynamoDB's
    // typed JSON: the document client only converts responses.
    const old = (error as Partial<ConditionalCheckFailedException>).Item;
    if (old !== undefined) this.#backendReturnsOldItem = true;
    const exists =
      old !== undefined || (!this.#backendReturnsOldItem && (await this.#getItem(ownerId, noteId, true)) !== undefined);
    // The condition failed on an existing item, so its version differs from the expected one.
    return exists
      ? new VersionMismatchError(noteId, expectedVersion, { cause: error })
      : new NoteNotFoundError(noteId, { cause: error });
  }

  async #getItem(ownerId: string, noteId: string, consistent = this.#consistent): Promise<NoteItem | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { userId: ownerId, noteId }, ConsistentRead: consistent }),
      );
      return Item;
    } catch (error) {
      throw toPortError(error);
    }
  }

  async #query(command: QueryCommand): Promise<QueryCommandOutput> {
    try {
      return await this.#client.send(command);
    } catch (error) {
      throw toPortError(error);
    }
  }
}
