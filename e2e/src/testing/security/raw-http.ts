/**
 * A small HTTP client for attack traffic: the path is sent exactly as given (no URL
 * normalisation), headers may repeat, the body is bytes (so it may be broken UTF-8), and
 * connections are kept alive, so that tens of thousands of cases cost little. `fetch` would
 * normalise the path, join repeated headers and refuse some of what a hostile client sends.
 */
import { Agent, request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** The path and query exactly as they go on the request line, e.g. `/dev/notes?limit=1&limit=2`. */
  readonly path: string;
  /** Name and value pairs; a name may repeat. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body as JSON, `undefined` when empty or not JSON. */
  readonly json: unknown;
}

export interface RawClient {
  send(request: RawRequest): Promise<RawResponse>;
  close(): void;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * @param baseUrl the server's origin and any path prefix, e.g. `http://localhost:3000/dev`.
 *
 * @example
 * const client = rawClient(api.baseUrl);
 * const answer = await client.send({ method: 'GET', path: '/notes?limit=0', headers: [['authorization', token]] });
 */
export function rawClient(baseUrl: string, options: { timeoutMs?: number } = {}): RawClient {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    send: (input) =>
      new Promise<RawResponse>((resolve, reject) => {
        const body = input.body === undefined ? undefined : Buffer.from(input.body);
        const headers: [string, string][] = input.headers?.map(([name, value]) => [name, value]) ?? [];
        // Given as a list, headers get none of Node's defaults: HTTP/1.1 needs Host.
        if (!headers.some(([name]) => name.toLowerCase() === 'host')) headers.unshift(['host', base.host]);
        if (body !== undefined) headers.push(['content-length', String(body.length)]);
        const outgoing = request(
          {
            host: base.hostname,
            port: base.port,
            method: input.method,
            path: `${prefix}${input.path}`,
            // A flat list keeps repeated names and their order.
            headers: headers.flat(),
            agent,
            timeout: timeoutMs,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: parse(text) });
            });
            response.on('error', reject);
          },
        );
        outgoing.on('timeout', () =>
          outgoing.destroy(new Error(`${input.method} ${input.path}: no answer in ${timeoutMs} ms`)),
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}
