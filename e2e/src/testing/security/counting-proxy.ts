/**
 * A plain HTTP proxy in front of the DynamoDB endpoint that counts what the API asks of storage,
 * by operation (`X-Amz-Target`), so that a suite can say "no use case was reached" or "nothing
 * was written" from the one place every runtime's storage calls pass through: the Express
 * server's and the Lambda functions' alike. It forwards bytes unchanged; it reads a write's body
 * only to tell a note from an idempotency record, and keeps nothing.
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
// The owner id prefix of the table's items that are not notes (the idempotency records).
import { RESERVED_OWNER_PREFIX } from '@secure-notes/adapters-aws/dynamodb';
import { listenOnLoopback } from '@secure-notes/service-kit';

/** The DynamoDB operations that change a table. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export interface StorageCounts {
  /** Every request that reached storage. */
  readonly total: number;
  /** Requests whose operation changes a table. */
  readonly writes: number;
  /**
   * The writes of notes that storage applied: every write but those of the idempotency records
   * (`secure-notes#…` owners), less the conditional writes whose condition failed (they change nothing).
   */
  readonly noteWrites: number;
  readonly byOperation: Readonly<Record<string, number>>;
}

export interface CountingProxy {
  /** Give this to the API as `DYNAMODB_ENDPOINT`. */
  readonly endpoint: string;
  /** The counts since the proxy started. */
  counts(): StorageCounts;
  close(): Promise<void>;
}

/** The counts between two readings. */
export function countsSince(before: StorageCounts, after: StorageCounts): StorageCounts {
  const byOperation: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[operation] ?? 0);
    if (delta > 0) byOperation[operation] = delta;
  }
  return {
    total: after.total - before.total,
    writes: after.writes - before.writes,
    noteWrites: after.noteWrites - before.noteWrites,
    byOperation,
  };
}

/**
 * @example
 * const proxy = await startCountingProxy(dynamoDb.endpoint);
 * // DYNAMODB_ENDPOINT = proxy.endpoint
 * const before = proxy.counts(); ...; expect(countsSince(before, proxy.counts()).total).toBe(0);
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const byOperation = new Map<string, number>();
  let total = 0;
  let writes = 0;
  let noteWrites = 0;

  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    total += 1;
    const write = WRITE_OPERATIONS.has(operation);
    if (write) writes += 1;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`the counting proxy could not reach ${target}: ${error.message}`);
    });
    let ofANote = false;
    if (write) {
      // A write's body names the item's owner: the idempotency records live under a reserved prefix.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        ofANote = !Buffer.concat(chunks).includes(RESERVED_OWNER_PREFIX);
      });
    }
    forwarded.on('response', (answer) => {
      if (ofANote && answer.statusCode === 200) noteWrites += 1;
    });
    req.pipe(forwarded);
  });
  await listenOnLoopback(server, 'the counting proxy');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ total, writes, noteWrites, byOperation: Object.fromEntries(byOperation) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
