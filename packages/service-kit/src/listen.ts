/**
 * Listening on a port, the one way every server of the project does it, its tests' servers
 * included: port 0 picks a free port (tests, and anyone who does not care), and a port in use is
 * an error that names the service and the setting to change, instead of Node's bare EADDRINUSE.
 *
 * Port 0 can fail too: on a busy host the system's ephemeral ports (Linux's
 * `net.ipv4.ip_local_port_range`, about 28,000 of them) may all be held for a moment, most of
 * them by connections in TIME_WAIT, and the system then answers EADDRINUSE for port 0 as well.
 * Those ports come free within seconds, so port 0 is tried again, with backoff, for a bounded
 * time before the error is given.
 */
import type { AddressInfo, Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The port is taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly port: number;

  constructor(port: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.port = port;
  }
}

/** How port 0 is tried again while the system has no ephemeral port free. */
export interface EphemeralPortRetry {
  /** The most tries in all. */
  readonly attempts: number;
  /** The wait after the first failed try; it doubles after each, up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** About 10 s of tries in all: a full range frees ports well within that. */
export const EPHEMERAL_PORT_RETRY: EphemeralPortRetry = { attempts: 45, firstDelayMs: 5, maxDelayMs: 250 };

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  /** What is starting, for the error: "the local Cognito". */
  readonly service: string;
  /** The setting that chooses the port, for the error: "COGNITO_PORT". */
  readonly setting: string;
  /** For port 0 only: how to try again while no ephemeral port is free. */
  readonly retry?: EphemeralPortRetry;
}

/**
 * Starts `server` listening and resolves with the port it got.
 *
 * @example
 * const port = await listen(server, { port: 0, host: '127.0.0.1', service: 'the API', setting: 'PORT' });
 */
export async function listen(server: Server, options: ListenOptions): Promise<number> {
  const { port, host, service, setting, retry = EPHEMERAL_PORT_RETRY } = options;
  let delay = retry.firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await listenOnce(server, port, host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (port !== 0) {
        throw new PortInUseError(
          port,
          `port ${port} on ${host} is in use, so ${service} cannot start: set ${setting} to another port (0 picks a free one) or stop the other process`,
          { cause: error },
        );
      }
      if (attempt >= retry.attempts) {
        throw new PortInUseError(
          port,
          `no free port on ${host} for ${service} after ${attempt} tries: the system's ephemeral ports are all in use (most likely by connections in TIME_WAIT); wait for them to close, stop what opens them, or set ${setting} to a fixed port`,
          { cause: error },
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, retry.maxDelayMs);
    }
  }
}

/**
 * Listens on a port the system picks on 127.0.0.1, for servers that only this machine talks to
 * (test doubles, proxies in front of a service); resolves with the port.
 *
 * @example
 * const port = await listenOnLoopback(server, 'the JWKS proxy');
 */
export function listenOnLoopback(server: Server, service: string): Promise<number> {
  return listen(server, { port: 0, host: '127.0.0.1', service, setting: 'its port' });
}

function listenOnce(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Whether an error, or any of its causes, is a port in use. */
export function isPortInUse(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof PortInUseError || (cause as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
  }
  return false;
}
