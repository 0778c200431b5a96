/**
 * Writes whose answer is lost. A proxy in front of dynalite passes every request on at once
 * but holds back the answer to the first request of one operation past the client's request
 * timeout, so the write is applied and the real SDK, not knowing, sends it again. The
 * repository must report the one write it made, not the failed condition of the resent copy.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NoteConflictError, NoteNotFoundError, VersionMismatchError } from '@secure-notes/domain';
import { aNote, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { startStorageProxy } from '@secure-notes/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';
import { ensureNotesTable } from './notes-table.js';
import { type RunningDynalite, startDynalite } from './testing/dynalite-server.js';

/** Short enough to keep the suite fast, long enough for dynalite on a busy machine. */
const REQUEST_TIMEOUT_MS = 400;
const HOLD_MS = 5_000;

let dynalite: RunningDynalite;
const tableName = `notes-${randomUUID()}`;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dynalite = await startDynalite();
  const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint, env: {} });
  await ensureNotesTable(client, tableName);
  client.destroy();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await dynalite.close();
});

/**
 * A repository whose first `operation` request is applied by dynalite but answered too late,
 * or (with `lost: 'request'`) never reaches dynalite at all; `direct` bypasses the proxy.
 */
async function aRepositoryLosing(operation: string, lost: 'answer' | 'request' = 'answer') {
  let losses = 0;
  const proxy = await startStorageProxy({
    upstream: dynalite.endpoint,
    fault: (request) => {
      if (request.operation !== operation || losses > 0) return { kind: 'forward' };
      losses += 1;
      return lost === 'answer' ? { kind: 'forward', holdMs: HOLD_MS } : { kind: 'hang' };
    },
  });
  const settings = { region: 'us-east-1', env: {}, maxAttempts: 3, retryDelayMs: 5 } as const;
  const client = createDynamoDbDocumentClient({
    ...settings,
    endpoint: proxy.endpoint,
    connectionTimeoutMs: REQUEST_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const direct = createDynamoDbDocumentClient({ ...settings, endpoint: dynalite.endpoint });
  cleanups.push(async () => {
    client.destroy();
    direct.destroy();
    await proxy.close();
  });
  const sent = () => proxy.requests.filter((request) => request.operation === operation).length;
  return {
    repository: new DynamoDbNotesRepository(client, { tableName }),
    direct: new DynamoDbNotesRepository(direct, { tableName }),
    storedItem: async (owner: string, noteId: string) =>
      (
        await direct.send(
          new GetCommand({ TableName: tableName, Key: { userId: owner, noteId }, ConsistentRead: true }),
        )
      ).Item,
    sent,
  };
}

function aStoredNote() {
  return aNote({ userId: aUserId(), noteId: sequentialIds().next(), title: 'Before', version: 1 });
}

const later = '2030-01-01T00:00:00.000Z';

describe('DynamoDbNotesRepository when the answer to an applied write is lost and the SDK resends it', () => {
  it('creates the note once and reports success, not a conflict', async () => {
    const subject = await aRepositoryLosing('PutItem');
    const note = aStoredNote();

    await subject.repository.create(note);

    expect(subject.sent()).toBe(2);
    expect(await subject.direct.get(note.userId, note.noteId)).toEqual(note);
  });

  it('applies an update without an expected version once: version 1 becomes 2, not 3', async () => {
    const subject = await aRepositoryLosing('UpdateItem');
    const note = aStoredNote();
    await subject.direct.create(note);

    const updated = await subject.repository.update(note.userId, note.noteId, { title: 'After', updatedAt: later });

    expect(subject.sent()).toBe(2);
    expect(updated).toEqual({ ...note, title: 'After', updatedAt: later, version: 2 });
    expect(await subject.direct.get(note.userId, note.noteId)).toEqual(updated);
  });

  it('reports an update at the expected version as the success it was, not a version mismatch', async () => {
    const subject = await aRepositoryLosing('UpdateItem');
    const note = aStoredNote();
    await subject.direct.create(note);

    const updated = await subject.repository.update(note.userId, note.noteId, { content: 'new', updatedAt: later }, 1);

    expect(subject.sent()).toBe(2);
    expect(updated).toEqual({ ...note, content: 'new', updatedAt: later, version: 2 });
    expect(updated).not.toHaveProperty('writeId');
    expect(await subject.direct.get(note.userId, note.noteId)).toEqual(updated);
  });

  it.each([
    ['without an expected version', undefined],
    ['at the expected version', 1],
  ])('reports a delete %s as done, not as "not found"', async (_name, expectedVersion) => {
    const subject = await aRepositoryLosing('DeleteItem');
    const note = aStoredNote();
    await subject.direct.create(note);

    await subject.repository.delete(note.userId, note.noteId, expectedVersion);

    expect(subject.sent()).toBe(2);
    expect(await subject.storedItem(note.userId, note.noteId)).toBeUndefined();
  });
});

describe('DynamoDbNotesRepository when the SDK resends a write that never arrived', () => {
  it('still reports a conflict with another note under the same id', async () => {
    const subject = await aRepositoryLosing('PutItem', 'request');
    const existing = aStoredNote();
    await subject.direct.create(existing);

    const creating = subject.repository.create({ ...existing, title: 'Another' });

    await expect(creating).rejects.toBeInstanceOf(NoteConflictError);
    expect(subject.sent()).toBe(2);
    expect(await subject.direct.get(existing.userId, existing.noteId)).toEqual(existing);
  });

  it('still reports a stale version, and changes nothing', async () => {
    const subject = await aRepositoryLosing('UpdateItem', 'request');
    const note = aStoredNote();
    await subject.direct.create(note);

    const updating = subject.repository.update(note.userId, note.noteId, { title: 'After', updatedAt: later }, 5);

    await expect(updating).rejects.toBeInstanceOf(VersionMismatchError);
    expect(subject.sent()).toBe(2);
    expect(await subject.direct.get(note.userId, note.noteId)).toEqual(note);
  });

  it('still reports an update of a missing note as not found', async () => {
    const subject = await aRepositoryLosing('UpdateItem', 'request');
    const missing = aStoredNote();

    const updating = subject.repository.update(missing.userId, missing.noteId, { title: 'After', updatedAt: later });

    await expect(updating).rejects.toBeInstanceOf(NoteNotFoundError);
    expect(subject.sent()).toBe(2);
    expect(await subject.storedItem(missing.userId, missing.noteId)).toBeUndefined();
  });

  it('still reports a delete at a stale version, and keeps the note', async () => {
    const subject = await aRepositoryLosing('DeleteItem', 'request');
    const note = aStoredNote();
    await subject.direct.create(note);

    const deleting = subject.repository.delete(note.userId, note.noteId, 2);

    await expect(deleting).rejects.toBeInstanceOf(VersionMismatchError);
    expect(subject.sent()).toBe(2);
    expect(await subject.direct.get(note.userId, note.noteId)).toEqual(note);
  });
});
