/**
 * One load run: autocannon against a URL for a fixed time with a fixed number of connections
 * (one request in flight per connection), and the figures the bench reports. A run is valid
 * only when every response was a 2xx and nothing failed: a fast 401 or 500 is not a result.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadFigures {
  /** Mean requests per second over the run's one-second samples. */
  readonly rps: number;
  /** Latency percentiles of the 2xx responses, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Responses received, whatever their status. */
  readonly completed: number;
  /** Requests sent, including those still in flight when the run stopped. */
  readonly sent: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly valid: boolean;
}

export async function runLoad(
  request: LoadRequest,
  { connections, durationSeconds }: { connections: number; durationSeconds: number },
): Promise<LoadFigures> {
  const result = await autocannon({
    url: request.url,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
    method: request.method ?? 'GET',
    headers: { ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const completed = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed,
    sent: result.requests.sent,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    valid: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && completed > 0,
  };
}
