/**
 * The floor: a bare `node:http` server answering every request with a small JSON hello, as in
 * fastify/benchmarks. It prints `{"port":N}` on stdout once it listens on port 0.
 */
import { serveOnLoopback } from '../lib/serve.ts';

const body = JSON.stringify({ hello: 'world' });

serveOnLoopback((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
});
