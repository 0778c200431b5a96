/**
 * How every bench server runs: `node:http` on loopback port 0, the keep-alive timeout of a load
 * balancer's idle timeout, `{"port":N}` on stdout once it listens (what `portLine` reads), and a
 * clean stop on SIGTERM that also ends the load generator's kept-alive connections.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function serveOnLoopback(listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
  return server;
}
