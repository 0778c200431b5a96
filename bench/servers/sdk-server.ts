/**
 * The floor for the API on DynamoDB: a bare `node:http` server that makes, per request, the one
 * SDK call the API's route makes (the same document client commands and parameters as
 * `DynamoDbNotesRepository`: a consistent `GetItem`, a newest-first consistent `Query` of 21 for
 * a page of 20, a conditional `PutItem`), and nothing else: no authentication, no validation, no
 * logging. The API's figures over these say what everything around the storage call costs.
 * Reads DYNAMODB_ENDPOINT, NOTES_TABLE, BENCH_READER and BENCH_WRITER (the users whose
 * partitions it reads and writes); prints `{"port":N}` once it listens on port 0.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnLoopback } from '../lib/serve.ts';
import { importFromWorkspace } from '../lib/workspace.ts';

type Command = object;
interface DocumentClient {
  send(command: Command): Promise<{ Item?: unknown; Items?: unknown[] }>;
}
interface ClientDynamoDb {
  DynamoDBClient: new (config: object) => object;
}
interface LibDynamoDb {
  DynamoDBDocumentClient: { from(client: object): DocumentClient };
  GetCommand: new (input: object) => Command;
  QueryCommand: new (input: object) => Command;
  PutCommand: new (input: object) => Command;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const endpoint = required('DYNAMODB_ENDPOINT');
const table = required('NOTES_TABLE');
const reader = required('BENCH_READER');
const writer = required('BENCH_WRITER');

const cjs = <T>(module: { default?: T } & T): T => module.default ?? module;
const { DynamoDBClient } = cjs(
  await importFromWorkspace<ClientDynamoDb & { default?: ClientDynamoDb }>(
    'packages/adapters-aws',
    '@aws-sdk/client-dynamodb',
  ),
);
const lib = cjs(
  await importFromWorkspace<LibDynamoDb & { default?: LibDynamoDb }>('packages/adapters-aws', '@aws-sdk/lib-dynamodb'),
);
const client = lib.DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname.startsWith('/notes/')) {
    const noteId = decodeURIComponent(url.pathname.slice('/notes/'.length));
    const { Item } = await client.send(
      new lib.GetCommand({ TableName: table, Key: { userId: reader, noteId }, ConsistentRead: true }),
    );
    if (Item === undefined) send(res, 404, { error: 'Note not found' });
    else send(res, 200, Item);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/notes') {
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const { Items = [] } = await client.send(
      new lib.QueryCommand({
        TableName: table,
        KeyConditionExpression: '#userId = :owner',
        ExpressionAttributeNames: { '#userId': 'userId' },
        ExpressionAttributeValues: { ':owner': reader },
        ScanIndexForward: false,
        Limit: limit + 1,
        ConsistentRead: true,
      }),
    );
    send(res, 200, { notes: Items.slice(0, limit), count: Math.min(limit, Items.length) });
    return;
  }
  if (req.method === 'POST' && url.pathname === '/notes') {
    const input = JSON.parse(await readBody(req)) as { title?: string; content?: string };
    const now = new Date().toISOString();
    const item = {
      userId: writer,
      noteId: randomUUID(),
      title: input.title ?? 'Untitled',
      content: input.content ?? '',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await client.send(
      new lib.PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#noteId)',
        ExpressionAttributeNames: { '#noteId': 'noteId' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    send(res, 201, item);
    return;
  }
  send(res, 404, { error: 'Not found' });
}

serveOnLoopback((req, res) => {
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`sdk-server: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!res.headersSent) send(res, 500, { error: 'Internal server error' });
    else res.destroy();
  });
});
