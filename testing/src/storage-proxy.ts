/**
 * The one pass-through in front of DynamoDB that tests and benchmarks put between a service and
 * its storage. It records and counts every request by operation (`X-Amz-Target`), so a suite
 * can say "nothing was written" from the one place every runtime's storage calls pass through,
 * and it answers each request as the test says: by passing it on to the real backend (dynalite,
 * DynamoDB Local) and holding that answer back for a while, or with a DynamoDB error, a
 * successful body, a dropped connection or no answer at all. The real SDK talks to it through
 * its real HTTP handler, so its own retries, timeouts and error parsing run exactly as they
 * would against AWS.
 *
 * One unit: forwarding, counting and each fault share the one connection bookkeeping that lets
 * a test freeze, drop or release requests already in flight.
 */
import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { listenOnLoopback } from '@secure-notes/service-kit';

export type Fault =
  /** An error as DynamoDB sends it: `{"__type": "...#<type>", "message": ...}` plus `extra`. */
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly extra?: object }
  /** A successful answer with this JSON body (`{}` when absent). */
  | { readonly kind: 'ok'; readonly body?: object }
  /** The connection is destroyed before any answer (ECONNRESET on the client). */
  | { readonly kind: 'reset' }
  /** The request is read and never answered (the client's request timeout fires). */
  | { readonly kind: 'hang' }
  /**
   * The request goes on to the `upstream` backend at once, so it takes effect there; the
   * backend's answer comes back after `holdMs` (at once when absent). Holding it past the
   * client's request timeout is the lost answer to a write that was applied.
   */
  | {
      readonly kind: 'forward';
      readonly holdMs?: number;
      /**
       * The request waits for this before it goes on: storage frozen (a stopped process, a
       * partition) and thawed, its queued requests then applied in the order they came.
       */
      readonly after?: Promise<void>;
      /**
       * Once the backend has applied the request, the connection is dropped instead of
       * answering (after `holdMs`): the client never learns that its write took effect.
       */
      readonly loseAnswer?: boolean;
    };

export interface StorageProxyOptions {
  /** Where `forward` sends requests: a DynamoDB-compatible endpoint such as dynalite's. */
  readonly upstream?: string;
  /** Decides the fate of each request; every request is forwarded to `upstream` when absent. */
  readonly fault?: (request: RecordedRequest) => Fault;
  /**
   * Which writes `appliedWrites` counts, of those the upstream applied (answered 200): all of
   * them when absent. A suite that counts notes leaves out the idempotency records' writes.
   */
  readonly countWrite?: (request: RecordedRequest) => boolean;
  /**
   * Called with each forwarded request as soon as the upstream has answered it (so has applied
   * it), before any `holdMs` or `loseAnswer`: to see what the backend made of each request.
   */
  readonly onUpstreamAnswer?: (request: RecordedRequest, answer: UpstreamAnswer) => void;
}

export interface RecordedRequest {
  /** The DynamoDB operation, from `X-Amz-Target` (`PutItem`, `GetItem`, ...). */
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** The DynamoDB operations that change a table. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export interface StorageCounts {
  /** Every request that reached the proxy. */
  readonly total: number;
  /** Requests whose operation changes a table. */
  readonly writes: number;
  /** The writes the upstream applied (answered 200) that `countWrite` counts. */
  readonly appliedWrites: number;
  readonly byOperation: Readonly<Record<string, number>>;
}

export interface StorageProxy {
  /** Give this to the service as its DynamoDB endpoint (`DYNAMODB_ENDPOINT`). */
  readonly endpoint: string;
  /** Every request so far, in the order they came. */
  readonly requests: readonly RecordedRequest[];
  /** The counts since the proxy started. */
  counts(): StorageCounts;
  /** Connections from clients open now: a client that was destroyed leaves none. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * The counts between two readings.
 *
 * @example
 * const before = proxy.counts(); ...; expect(countsSince(before, proxy.counts()).writes).toBe(0);
 */
export function countsSince(before: StorageCounts, after: StorageCounts): StorageCounts {
  const byOperation: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[operation] ?? 0);
    if (delta > 0) byOperation[operation] = delta;
  }
  return {
    total: after.total - before.total,
    writes: after.writes - before.writes,
    appliedWrites: after.appliedWrites - before.appliedWrites,
    byOperation,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** The upstream's whole answer to a forwarded request. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Headers that belong to one connection, not to the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Sends the request, as it came, to `upstream` and reads the whole answer. */
function forward(upstream: string, agent: HttpAgent, request: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      new URL(request.url ?? '/', upstream),
      { method: request.method ?? 'POST', headers: endToEnd(request.headers), agent },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': 'storage-proxy',
  });
  response.end(payload);
}

/**
 * Starts the proxy on a loopback port the system picks.
 *
 * @example
 * const counting = await startStorageProxy({ upstream: dynalite.endpoint });
 * const throttling = await startStorageProxy({ fault: () => ({ kind: 'error', status: 400, type: 'ThrottlingException' }) });
 * // Every PutItem is stored by dynalite, but its answer comes too late for the client.
 * const late = await startStorageProxy({
 *   upstream: dynalite.endpoint,
 *   fault: ({ operation }) => ({ kind: 'forward', holdMs: operation === 'PutItem' ? 2_000 : 0 }),
 * });
 */
export async function startStorageProxy(options: StorageProxyOptions = {}): Promise<StorageProxy> {
  const answer: (request: RecordedRequest) => Fault = options.fault ?? (() => ({ kind: 'forward' }));
  const requests: RecordedRequest[] = [];
  const byOperation = new Map<string, number>();
  let writes = 0;
  let appliedWrites = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // Its own agent, whose sockets closing destroys, so that no socket stays open to the upstream.
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const raw = await readBody(request);
    const recorded = { operation: target.slice(target.indexOf('.') + 1), body: parseBody(raw) };
    requests.push(recorded);
    byOperation.set(recorded.operation, (byOperation.get(recorded.operation) ?? 0) + 1);
    const write = WRITE_OPERATIONS.has(recorded.operation);
    if (write) writes += 1;
    const fault = answer(recorded);
    switch (fault.kind) {
      case 'error':
        send(response, fault.status, {
          __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`,
          message: `${fault.type} injected by the storage proxy`,
          ...fault.extra,
        });
        return;
      case 'ok':
        send(response, 200, fault.body ?? {});
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'hang':
        return;
      case 'forward': {
        if (options.upstream === undefined) {
          send(response, 500, { message: 'The storage proxy was asked to forward without an upstream option' });
          return;
        }
        if (fault.after !== undefined) await fault.after;
        let upstream: UpstreamAnswer;
        try {
          upstream = await forward(options.upstream, agent, request, raw);
        } catch (error) {
          send(response, 502, { message: `The upstream did not answer: ${String(error)}` });
          return;
        }
        if (write && upstream.status === 200 && (options.countWrite?.(recorded) ?? true)) appliedWrites += 1;
        options.onUpstreamAnswer?.(recorded, upstream);
        if (fault.holdMs !== undefined && fault.holdMs > 0) await hold(fault.holdMs);
        // The client may have given up and closed the connection meanwhile.
        if (response.destroyed) return;
        if (fault.loseAnswer === true) {
          request.socket.destroy();
          return;
        }
        response.writeHead(upstream.status, endToEnd(upstream.headers));
        response.end(upstream.body);
        return;
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listenOnLoopback(server, 'the storage proxy');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    counts: () => ({
      total: requests.length,
      writes,
      appliedWrites,
      byOperation: Object.fromEntries(byOperation),
    }),
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RefusingEndpoint {
  /** `http://127.0.0.1:{port}`: every connection to it is refused (ECONNREFUSED). */
  readonly endpoint: string;
  /** Gives the port back. */
  close(): Promise<void>;
}

/**
 * An endpoint where nothing listens, so every connection is refused, and where nothing else can
 * start listening while the test runs. A port probed free and closed again can be taken by any
 * other process before the test connects (and the test would then talk to it); this one stays
 * held: it is the local end of an open loopback connection, which no listener can bind (the
 * kernel refuses with EADDRINUSE), while a connection to it finds no listener and is refused.
 *
 * @example
 * const refusing = await refusingEndpoint();
 * const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: refusing.endpoint });
 * // ... every request fails with ECONNREFUSED ...
 * await refusing.close();
 */
export async function refusingEndpoint(): Promise<RefusingEndpoint> {
  const sockets = new Set<Socket>();
  const listener = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listenOnLoopback(listener, 'the refusing endpoint');
  const holder = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      holder.once('connect', resolve);
      holder.once('error', reject);
    });
  } catch (error) {
    listener.close();
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${holder.localPort}`,
    close: async () => {
      holder.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
