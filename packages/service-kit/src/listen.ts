/**
 * Listening on a port, the one way every service of the project does it: port 0 picks a free
 * port (tests, and anyone who does not care), and a port in use is an error that names the
 * service and the setting to change, instead of Node's bare EADDRINUSE.
 */
import type { AddressInfo, Server } from 'node:net';

/** The port is taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly port: number;

  constructor(port: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.port = port;
  }
}

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  /** What is starting, for the error: "the local Cognito". */
  readonly service: string;
  /** The setting that chooses the port, for the error: "COGNITO_PORT". */
  readonly setting: string;
}

/**
 * Starts `server` listening and resolves with the port it got.
 *
 * @example
 * const port = await listen(server, { port: 0, host: '127.0.0.1', service: 'the API', setting: 'PORT' });
 */
export function listen(server: Server, { port, host, service, setting }: ListenOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              port,
              `port ${port} on ${host} is in use, so ${service} cannot start: set ${setting} to another port (0 picks a free one) or stop the other process`,
              { cause: error },
            )
          : error,
      );
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
