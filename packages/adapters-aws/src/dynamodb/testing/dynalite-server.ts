/**
 * dynalite, the embedded DynamoDB emulator, on a loopback port for tests: a real HTTP endpoint
 * that the real SDK talks to, in this process, with no table delays. (`apps/local-dynamodb`
 * does the same for the local stack; a package cannot depend on an app.)
 */
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface RunningDynalite {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite in memory on a free port of 127.0.0.1. */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of clients that were not destroyed would hold the server open.
        server.closeIdleConnections();
      }),
  };
}
