/**
 * What the DynamoDB repository promises beyond the shared contract, on a real endpoint
 * (dynalite in this process): listings that cross DynamoDB's 1 MB page cut, page tokens that
 * cannot be tampered with end to end, the tutorial's own items, and content at and over the limits.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '@secure-notes/adapters-memory/testing';
import {
  CONTENT_MAX_BYTES,
  createNotesUseCases,
  type NotesRepository,
  PageCursorCodec,
  ValidationError,
  VersionMismatchError,
} from '@secure-notes/domain';
import { aNote, aPrincipal, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbClient, createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';
import { createDynamoDbNotesStore } from './dynamodb-notes-store.js';
import { ensureNotesTable } from './notes-table.js';
import { type RunningDynalite, startDynalite } from './testing/dynalite-server.js';

let dynalite: RunningDynalite;
let raw: DynamoDBClient;
const tableName = `notes-${randomUUID()}`;

beforeAll(async () => {
  dynalite = await startDynalite();
  raw = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint });
  await ensureNotesTable(raw, tableName);
});

afterAll(async () => {
  raw.destroy();
  await dynalite.close();
});

function aRepository(options: { maxPageBytes?: number } = {}) {
  const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint });
  const repository = new DynamoDbNotesRepository(client, { tableName, ...options });
  return { client, repository };
}

/** Notes of about 200 KB each: five fill DynamoDB's 1 MB Query page. */
async function seedLargeNotes(repository: NotesRepository, owner: string, count: number) {
  const ids = sequentialIds();
  const notes = [];
  for (let i = 0; i < count; i += 1) {
    const note = aNote({
      userId: owner,
      noteId: ids.next(),
      title: `Large ${i}`,
      content: `${i}`.padEnd(200_000, 'x'),
    });
    await repository.create(note);
    notes.push(note);
  }
  return notes.reverse();
}

describe('DynamoDbNotesRepository listings', () => {
  it('fill a page past the 1 MB Query cut and say that more follow', async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const newestFirst = await seedLargeNotes(repository, owner, 12);
    const oneQuery = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'userId = :owner',
        ExpressionAttributeValues: { ':owner': owner },
        ScanIndexForward: false,
        Limit: 11,
      }),
    );

    const first = await repository.list(owner, { limit: 10 });
    const second = await repository.list(owner, { limit: 10, startAfter: first.lastNoteId! });

    expect(oneQuery.Items!.length).toBeLessThan(10);
    expect(oneQuery.LastEvaluatedKey).toBeDefined();
    expect(first.notes.map((n) => n.noteId)).toEqual(newestFirst.slice(0, 10).map((n) => n.noteId));
    expect(first.lastNoteId).toBe(newestFirst[9]!.noteId);
    expect(second.notes.map((n) => n.noteId)).toEqual(newestFirst.slice(10).map((n) => n.noteId));
    expect(second.lastNoteId).toBeUndefined();
    client.destroy();
  });

  it('end exactly on the last note even when it took several Query pages to get there', async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const newestFirst = await seedLargeNotes(repository, owner, 10);

    const page = await repository.list(owner, { limit: 10 });

    expect(page.notes).toEqual(newestFirst);
    expect(page.lastNoteId).toBeUndefined();
    client.destroy();
  });

  it('never weigh more than the byte bound, and continue where they stopped', async () => {
    const { client, repository } = aRepository({ maxPageBytes: 500_000 });
    const owner = aUserId();
    const newestFirst = await seedLargeNotes(repository, owner, 8);

    const seen: string[] = [];
    const weights: number[] = [];
    let startAfter: string | undefined;
    do {
      const page = await repository.list(owner, startAfter === undefined ? { limit: 100 } : { limit: 100, startAfter });
      seen.push(...page.notes.map((n) => n.noteId));
      weights.push(Buffer.byteLength(JSON.stringify(page.notes)));
      startAfter = page.lastNoteId;
    } while (startAfter !== undefined);

    expect(weights.length).toBeGreaterThan(1);
    expect(Math.max(...weights)).toBeLessThanOrEqual(500_000);
    expect(seen).toEqual(newestFirst.map((n) => n.noteId));
    client.destroy();
  });
});

describe('Page tokens over DynamoDB', () => {
  async function listingOfTwoUsers() {
    const { client, repository } = aRepository();
    const list = vi.spyOn(repository, 'list');
    const secret = randomBytes(32).toString('hex');
    const cursors = new PageCursorCodec(secret);
    const notes = createNotesUseCases({ repository, clock: new ManualClock(), ids: sequentialIds(), cursors });
    const alice = aPrincipal();
    const bob = aPrincipal();
    const admin = aPrincipal({ groups: ['admin'] });
    for (let i = 0; i < 3; i += 1) await notes.createNote.execute(alice, { title: `Alice ${i}` });
    const bobs = [];
    for (let i = 0; i < 3; i += 1) bobs.push(await notes.createNote.execute(bob, { title: `Bob ${i}` }));
    const first = await notes.listNotes.execute(alice, { limit: 1 });
    list.mockClear();
    return { client, list, cursors, notes, alice, bob, admin, bobs, token: first.nextToken!, secret };
  }

  function swapLastCharacter(value: string): string {
    return `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
  }

  const tampered: [string, (token: string, other: { bobNoteId: string; aliceId: string }) => string][] = [
    ['with an altered seal', (token) => swapLastCharacter(token)],
    [
      'with another note id under the old seal',
      (token, { bobNoteId }) => {
        const [version, , seal] = token.split('.');
        return `${version}.${Buffer.from(bobNoteId).toString('base64url')}.${seal}`;
      },
    ],
    [
      'sealed by another deployment',
      (_token, { aliceId }) => new PageCursorCodec('x'.repeat(32)).encode(aliceId, sequentialIds().next()),
    ],
    ['cut short', (token) => token.slice(0, token.lastIndexOf('.'))],
    ['with a part too many', (token) => `${token}.extra`],
    ['of another version', (token) => token.replace(/^v1\./, 'v2.')],
    ['that is empty', () => ''],
    ['that is not a token at all', () => '../../etc/passwd'],
    ['that is very long', (token) => token.repeat(500)],
  ];

  it.each(tampered)('reject a token %s before any storage is read', async (_name, tamper) => {
    const { client, list, notes, alice, bobs, token } = await listingOfTwoUsers();
    const forged = tamper(token, { bobNoteId: bobs[0]!.noteId, aliceId: alice.userId });

    const attempt = notes.listNotes.execute(alice, { nextToken: forged });

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ details: [{ field: 'nextToken' }] });
    expect(list).not.toHaveBeenCalled();
    client.destroy();
  });

  it("reject another user's token, for that user and for an admin reading someone else", async () => {
    const { client, list, notes, bob, admin, token } = await listingOfTwoUsers();

    await expect(notes.listNotes.execute(bob, { nextToken: token })).rejects.toBeInstanceOf(ValidationError);
    await expect(notes.adminListUserNotes.execute(admin, bob.userId, { nextToken: token })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(list).not.toHaveBeenCalled();
    client.destroy();
  });

  it("keep a validly sealed token that names another user's note inside the caller's own notes", async () => {
    const { client, cursors, notes, alice, bobs } = await listingOfTwoUsers();
    const newestOfBob = bobs.at(-1)!;
    const token = cursors.encode(alice.userId, newestOfBob.noteId);

    const page = await notes.listNotes.execute(alice, { nextToken: token });

    expect(page.notes.map((n) => n.title)).toEqual(['Alice 2', 'Alice 1', 'Alice 0']);
    expect(page.notes.every((n) => n.userId === alice.userId)).toBe(true);
    client.destroy();
  });

  it('lead through every note once, and end without a token', async () => {
    const { client, notes, alice, token } = await listingOfTwoUsers();

    const second = await notes.listNotes.execute(alice, { limit: 1, nextToken: token });
    const third = await notes.listNotes.execute(alice, { limit: 1, nextToken: second.nextToken });

    expect([second, third].map((page) => page.notes.map((n) => n.title))).toEqual([['Alice 1'], ['Alice 0']]);
    expect(third.nextToken).toBeUndefined();
    client.destroy();
  });
});

describe("Notes that the tutorial's Python Lambda wrote", () => {
  /** Exactly what boto3's `table.put_item` stores for the tutorial's `create_note`. */
  async function putSeedItem(owner: string, overrides: { title?: string } = {}) {
    const noteId = randomUUID();
    await raw.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          userId: { S: owner },
          noteId: { S: noteId },
          title: { S: overrides.title ?? 'My first note' },
          content: { S: 'Hello world' },
          createdAt: { S: '2026-04-24T10:00:00.123456' },
        },
      }),
    );
    return noteId;
  }

  async function storedItem(owner: string, noteId: string) {
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: tableName, Key: { userId: { S: owner }, noteId: { S: noteId } } }),
    );
    return Item;
  }

  it('read as version 1, last updated when created, with UTC timestamps', async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const noteId = await putSeedItem(owner);

    const note = await repository.get(owner, noteId);
    const listed = await repository.list(owner, { limit: 10 });

    expect(note).toEqual({
      userId: owner,
      noteId,
      title: 'My first note',
      content: 'Hello world',
      createdAt: '2026-04-24T10:00:00.123Z',
      updatedAt: '2026-04-24T10:00:00.123Z',
      version: 1,
      attachments: [],
    });
    expect(listed.notes).toEqual([note]);
    client.destroy();
  });

  it("update at expected version 1 to version 2, keeping what the tutorial's Lambda can still read", async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const noteId = await putSeedItem(owner);

    const updated = await repository.update(
      owner,
      noteId,
      { title: 'Renamed', updatedAt: '2026-05-01T00:00:00.000Z' },
      1,
    );

    expect(updated).toMatchObject({ title: 'Renamed', content: 'Hello world', version: 2 });
    expect(updated.createdAt).toBe('2026-04-24T10:00:00.123Z');
    expect(updated.updatedAt).toBe('2026-05-01T00:00:00.000Z');
    expect(await storedItem(owner, noteId)).toEqual({
      userId: { S: owner },
      noteId: { S: noteId },
      title: { S: 'Renamed' },
      content: { S: 'Hello world' },
      createdAt: { S: '2026-04-24T10:00:00.123456' },
      updatedAt: { S: '2026-05-01T00:00:00.000Z' },
      version: { N: '2' },
      // The update's own mark: the tutorial's Lambda has no use for it, and echoes it like `version`.
      writeId: { S: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    client.destroy();
  });

  it('update without a version, and refuse a version other than 1', async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const [free, pinned] = [await putSeedItem(owner), await putSeedItem(owner)];
    const at = '2026-05-01T00:00:00.000Z';

    const updated = await repository.update(owner, free, { content: 'edited', updatedAt: at });
    const stale = repository.update(owner, pinned, { content: 'edited', updatedAt: at }, 2);

    expect(updated.version).toBe(2);
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    expect((await repository.get(owner, pinned))?.content).toBe('Hello world');
    client.destroy();
  });

  it('delete at expected version 1, and not at another', async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const [kept, removed] = [await putSeedItem(owner), await putSeedItem(owner)];

    await expect(repository.delete(owner, kept, 2)).rejects.toBeInstanceOf(VersionMismatchError);
    await repository.delete(owner, removed, 1);

    expect(await storedItem(owner, kept)).toBeDefined();
    expect(await storedItem(owner, removed)).toBeUndefined();
    client.destroy();
  });

  it('serve through the use cases like any other note', async () => {
    const { client, repository } = aRepository();
    const cursors = new PageCursorCodec(randomBytes(32).toString('hex'));
    const notes = createNotesUseCases({
      repository,
      clock: new ManualClock('2026-06-01T00:00:00.000Z'),
      ids: sequentialIds(),
      cursors,
    });
    const principal = aPrincipal();
    const noteId = await putSeedItem(principal.userId);

    const fetched = await notes.getNote.execute(principal, noteId);
    const patched = await notes.updateNote.execute(principal, noteId, { content: 'new' }, 1);
    await notes.deleteNote.execute(principal, noteId, 2);

    expect(fetched.version).toBe(1);
    expect(patched).toMatchObject({ content: 'new', version: 2, updatedAt: '2026-06-01T00:00:00.000Z' });
    await expect(notes.getNote.execute(principal, noteId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    client.destroy();
  });
});

describe('DynamoDbNotesRepository content size', () => {
  it('stores content at the limit in four-byte characters', async () => {
    const { client, repository } = aRepository();
    const cursors = new PageCursorCodec(randomBytes(32).toString('hex'));
    const notes = createNotesUseCases({ repository, clock: new ManualClock(), ids: sequentialIds(), cursors });
    const principal = aPrincipal();
    const content = '😀'.repeat(CONTENT_MAX_BYTES / 4);

    const created = await notes.createNote.execute(principal, { title: 'ü'.repeat(256), content });

    expect((await notes.getNote.execute(principal, created.noteId)).content).toBe(content);
    client.destroy();
  });

  it("turns an item over DynamoDB's 400 KB into a validation error and stores nothing", async () => {
    const { client, repository } = aRepository();
    const owner = aUserId();
    const ids = sequentialIds();
    const small = aNote({ userId: owner, noteId: ids.next() });
    const huge = aNote({ userId: owner, noteId: ids.next(), content: 'x'.repeat(410_000) });
    await repository.create(small);

    const creating = repository.create(huge);
    const updating = repository.update(owner, small.noteId, { content: huge.content, updatedAt: huge.updatedAt });

    await expect(creating).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'content' }] });
    await expect(updating).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'content' }] });
    expect(await repository.get(owner, huge.noteId)).toBeUndefined();
    expect(await repository.get(owner, small.noteId)).toEqual(small);
    client.destroy();
  });
});

describe('ensureNotesTable', () => {
  it('creates a missing table once, even when asked twice at the same time', async () => {
    const name = `notes-${randomUUID()}`;

    const results = await Promise.all([ensureNotesTable(raw, name), ensureNotesTable(raw, name)]);
    const again = await ensureNotesTable(raw, name);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(again).toBe(false);
  });

  it('works through the document client too', async () => {
    const { client } = aRepository();

    expect(await ensureNotesTable(client, tableName)).toBe(false);
    client.destroy();
  });
});

describe('createDynamoDbNotesStore over dynalite', () => {
  it('composes with the use cases into a working notes service, stale versions told from missing notes', async () => {
    const store = createDynamoDbNotesStore({ tableName, region: 'us-east-1', endpoint: dynalite.endpoint });
    const notes = createNotesUseCases({
      repository: store.repository,
      clock: new ManualClock(),
      ids: sequentialIds(),
      cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
    });
    const principal = aPrincipal();

    const created = await notes.createNote.execute(principal, { title: 'Composed' });
    const listing = await notes.listNotes.execute(principal);
    const stale = notes.updateNote.execute(principal, created.noteId, { title: 'Late' }, 5);

    expect(listing.notes).toEqual([created]);
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    store.close();
  });
});
