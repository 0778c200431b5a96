/**
 * A pass-through in front of the DynamoDB emulator that counts what reaches storage: every
 * DynamoDB request names its operation in `X-Amz-Target` (`DynamoDB_20120810.GetItem`), so the
 * count per operation between two snapshots is what the API calls made in between. Used only
 * for counting, never while throughput is measured (it adds a hop).
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  readonly endpoint: string;
  /** Operations seen so far, by name (`GetItem`, `Query`, `PutItem`, `Scan`, …). */
  snapshot(): Record<string, number>;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const header = req.headers['x-amz-target'];
    const operation = typeof header === 'string' ? (header.split('.').pop() ?? header) : '(none)';
    counts[operation] = (counts[operation] ?? 0) + 1;
    const forward = request(
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
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    snapshot: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** What happened between two snapshots. */
export function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after)) {
    const delta = count - (before[operation] ?? 0);
    if (delta > 0) result[operation] = delta;
  }
  return result;
}
