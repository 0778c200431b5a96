/**
 * A tiny DynamoDB look-alike on a loopback port that answers each request as a test says:
 * with a DynamoDB error, a successful body, a dropped connection or no answer at all. The
 * real SDK talks to it through its real HTTP handler, so its own retries, timeouts and error
 * parsing run exactly as they would against AWS; the endpoint records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** An error as DynamoDB sends it: `{"__type": "...#<type>", "message": ...}` plus `extra`. */
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly extra?: object }
  /** A successful answer with this JSON body (`{}` when absent). */
  | { readonly kind: 'ok'; readonly body?: object }
  /** The connection is destroyed before any answer (ECONNRESET on the client). */
  | { readonly kind: 'reset' }
  /** The request is read and never answered (the client's request timeout fires). */
  | { readonly kind: 'hang' };

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

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
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
 */
export async function startFaultEndpoint(answer: (request: RecordedRequest) => Fault): Promise<FaultEndpoint> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const recorded = { operation: target.slice(target.indexOf('.') + 1), body: await readBody(request) };
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
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An endpoint where nothing listens (connection refused): a port just freed by the OS. */
export async function unusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
