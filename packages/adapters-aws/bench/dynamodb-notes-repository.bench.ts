/**
 * What the repository adds to the SDK call it makes (the baseline: the same request sent raw
 * through the same document client to the embedded emulator, dynalite), and, for scale, what
 * the in-memory repository costs: `get` and a 20-note `list` page (which reads 21 notes to know
 * whether more follow, and reads strongly consistent). Read the ratios to the baseline, not the
 * absolute numbers, which depend on the machine. To run:
 *   pnpm exec vitest bench --run --project 'unit (bench)' packages/adapters-aws/bench/dynamodb-notes-repository.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InMemoryNotesRepository } from '@secure-notes/adapters-memory';
import type { NotesRepository } from '@secure-notes/domain';
import { aNote, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { afterAll, test } from 'vitest';
import { createDynamoDbClient, createDynamoDbDocumentClient } from '../src/dynamodb/dynamodb-client.js';
import { DynamoDbNotesRepository } from '../src/dynamodb/dynamodb-notes-repository.js';
import { ensureNotesTable } from '../src/dynamodb/notes-table.js';
import { startDynalite } from '../src/dynamodb/testing/dynalite-server.js';

const dynalite = await startDynalite();
const tableName = `bench-${randomUUID()}`;
const raw = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint, env: {} });
await ensureNotesTable(raw, tableName);
const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint, env: {} });

const owner = aUserId();
const ids = sequentialIds();
const notes = Array.from({ length: 50 }, (_, i) =>
  aNote({ userId: owner, noteId: ids.next(), title: `Note ${i}`, content: 'x'.repeat(1_000) }),
);

async function seeded(repository: NotesRepository): Promise<NotesRepository> {
  for (const note of notes) await repository.create(note);
  return repository;
}

const memory = await seeded(new InMemoryNotesRepository());
const dynamo = await seeded(new DynamoDbNotesRepository(client, { tableName }));
const target = notes[25]!.noteId;

// Warm both: the first requests open the connection.
await memory.get(owner, target);
await dynamo.get(owner, target);

afterAll(async () => {
  client.destroy();
  raw.destroy();
  await dynalite.close();
});

test('get one note', async ({ bench }) => {
  await bench.compare(
    bench('raw GetCommand on dynalite (baseline)', async () => {
      await client.send(new GetCommand({ TableName: tableName, Key: { userId: owner, noteId: target } }));
    }),
    bench('DynamoDbNotesRepository on dynalite', async () => {
      await dynamo.get(owner, target);
    }),
    bench('InMemoryNotesRepository', async () => {
      await memory.get(owner, target);
    }),
    { time: 500 },
  );
});

test('list a page of 20', async ({ bench }) => {
  await bench.compare(
    bench('raw QueryCommand of 20 on dynalite (baseline)', async () => {
      await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'userId = :owner',
          ExpressionAttributeValues: { ':owner': owner },
          ScanIndexForward: false,
          Limit: 20,
        }),
      );
    }),
    bench('DynamoDbNotesRepository on dynalite', async () => {
      await dynamo.list(owner, { limit: 20 });
    }),
    bench('InMemoryNotesRepository', async () => {
      await memory.list(owner, { limit: 20 });
    }),
    { time: 500 },
  );
});
