/**
 * A tiny DynamoDB look-alike on a loopback port that answers each request as a test says:
 * with a DynamoDB error, a successful body, a dropped connection or no answer at all, or by
 * passing it on to a real backend (dynalite) and holding that backend's answer back for a
 * while. The real SDK talks to it through its real HTTP handler, so its own retries, timeouts
 * and error parsing run exactly as they would against AWS; the endpoint records every request.
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

export interface FaultEndpointOptions {
  /** Where `forward` sends requests: a DynamoDB-compatible endpoint such as dynalite's. */
  readonly upstream?: string;
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

export interface FaultEndpoint {
  readonly endpoint: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
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
    'x-amzn-requestid': 'fault-endpoint',
  });
  response.end(payload);
}

/**
 * Starts the endpoint; `answer` decides the fate of each request.
 *
 * @example
 * const faults = await startFaultEndpoint(() => ({ kind: 'error', status: 400, type: 'ThrottlingException' }));
 * // Every PutItem is stored by dynalite, but its answer comes too late for the client.
 * const proxy = await startFaultEndpoint(
 *   ({ operation }) => ({ kind: 'forward', holdMs: operation === 'PutItem' ? 2_000 : 0 }),
 *   { upstream: dynalite.endpoint },
 * );
 */
export async function startFaultEndpoint(
  answer: (request: RecordedRequest) => Fault,
  options: FaultEndpointOptions = {},
): Promise<FaultEndpoint> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // Its own agent, without keep-alive, so that closing leaves no socket open to the upstream.
  const agent = new HttpAgent({ keepAlive: false });
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
    const fault = answer(recorded);
    switch (fault.kind) {
      case 'error':
        send(response, fault.status, {
          __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`,
          message: `${fault.type} injected by the fault endpoint`,
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
          send(response, 500, { message: 'The fault endpoint was asked to forward without an upstream option' });
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
  await listenOnLoopback(server, 'the fault endpoint');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
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
