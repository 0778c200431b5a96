import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbDocumentClient, DynamoDbNotesRepository } from '@secure-notes/adapters-aws/dynamodb';
import { aNote, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { listenOnLoopback, PortInUseError } from '@secure-notes/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalDynamoDb } from './local-dynamodb.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function repositoryOn(endpoint: string, tableName = 'Notes') {
  const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint, env: {} });
  cleanups.push(async () => client.destroy());
  return { client, repository: new DynamoDbNotesRepository(client, { tableName }) };
}

async function started(options: Parameters<typeof startLocalDynamoDb>[0]) {
  const local = await startLocalDynamoDb(options);
  cleanups.push(() => local.close());
  return local;
}

describe('startLocalDynamoDb', () => {
  it('serves the Notes table, ACTIVE, at the endpoint it reports', async () => {
    const messages: string[] = [];

    const local = await started({ port: 0, logger: { info: (message) => messages.push(message) } });
    const { client, repository } = repositoryOn(local.endpoint);
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next() });
    await repository.create(note);

    expect(local.endpoint).toBe(`http://127.0.0.1:${local.port}`);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Notes' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'userId', KeyType: 'HASH' },
      { AttributeName: 'noteId', KeyType: 'RANGE' },
    ]);
    expect(await repository.get(note.userId, note.noteId)).toEqual(note);
    expect(messages).toEqual([expect.stringContaining(`listening on ${local.endpoint}`)]);
  });

  it('says plainly when its port is taken, and what to do', async () => {
    const squatter = createServer();
    await listenOnLoopback(squatter, 'the squatter');
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const { port } = squatter.address() as { port: number };

    const starting = startLocalDynamoDb({ port });

    await expect(starting).rejects.toBeInstanceOf(PortInUseError);
    await expect(starting).rejects.toThrow(
      new RegExp(
        `port ${port} on .* is in use, so the embedded DynamoDB cannot start: set DYNAMODB_PORT .* or stop the other process`,
      ),
    );
  });

  it('keeps notes on disk across restarts when given a data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-dynamodb-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next(), title: 'Survives' });
    const first = await startLocalDynamoDb({ port: 0, dataDir });
    const before = repositoryOn(first.endpoint);
    await before.repository.create(note);
    before.client.destroy();
    await first.close();

    const messages: string[] = [];
    const second = await started({ port: 0, dataDir, logger: { info: (message) => messages.push(message) } });
    const after = repositoryOn(second.endpoint);

    expect(await after.repository.get(note.userId, note.noteId)).toEqual(note);
    expect(messages[0]).toContain('table Notes found');
  });

  it('keeps notes in memory only by default', async () => {
    const note = aNote({ userId: aUserId(), noteId: sequentialIds().next() });
    const first = await startLocalDynamoDb({ port: 0 });
    const before = repositoryOn(first.endpoint);
    await before.repository.create(note);
    before.client.destroy();
    await first.close();

    const second = await started({ port: 0 });

    expect(await repositoryOn(second.endpoint).repository.get(note.userId, note.noteId)).toBeUndefined();
  });

  it('provisions a table of another name, and closes once however often asked', async () => {
    const local = await startLocalDynamoDb({ port: 0, tableName: 'NotesDev' });
    const { repository } = repositoryOn(local.endpoint, 'NotesDev');

    expect((await repository.list(aUserId(), { limit: 1 })).notes).toEqual([]);
    await Promise.all([local.close(), local.close()]);
    await expect(local.close()).resolves.toBeUndefined();
  });

  it('refuses a port that is not one', async () => {
    await expect(startLocalDynamoDb({ port: 70_000 })).rejects.toThrow(/0 to 65535/);
  });
});
