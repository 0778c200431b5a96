/**
 * Stopping, the one way every process of the project does it: on SIGINT (Ctrl+C) or SIGTERM
 * (a container's stop), once, run the process's own shutdown, then exit 0, or 1 if it failed.
 */
import type { Server } from 'node:http';

/**
 * Closes an HTTP server: stops accepting, and ends idle keep-alive connections that would
 * otherwise hold it open; requests in flight finish first.
 */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

export interface StopOnSignalsOptions {
  /** Told which signal arrived, before `stop` runs. */
  readonly onSignal?: (signal: NodeJS.Signals) => void;
  /** Told why `stop` failed, before the exit with code 1. */
  readonly onError?: (error: unknown) => void;
  /** For tests: the process to listen on and exit (the real one by default). */
  readonly process?: Pick<NodeJS.Process, 'once' | 'exit'>;
}

/**
 * @example
 * stopOnSignals(() => server.close(), { onSignal: (signal) => logger.info({ signal }, 'stopping') });
 */
export function stopOnSignals(stop: () => Promise<void>, options: StopOnSignalsOptions = {}): void {
  const target = options.process ?? process;
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.onSignal?.(signal);
    stop().then(
      () => target.exit(0),
      (error: unknown) => {
        options.onError?.(error);
        target.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) target.once(signal, () => handle(signal));
}
