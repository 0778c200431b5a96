#!/usr/bin/env node
// Keeps the machine's ports busy while the tests run, the way a busy CI host does: it listens on
// ports the system picks and connects to them, thousands of connections a second opened and
// closed, so ephemeral ports are taken and freed all the time. A test that picks a port by probing
// (listen on 0, close, hand the number on) loses that race here; tests that bind port 0 and keep
// the socket do not.
//
//   node scripts/tcp-churn.mjs &  npm test;  kill %1
//
// Connections end with a reset (SO_LINGER 0), not a FIN: a closed connection leaves no socket in
// TIME_WAIT, so its port is free again at once. Closed with FINs, this many connections would hold
// every ephemeral port in TIME_WAIT for its 60 s (Linux has about 28,000 of them), and then no
// program on the host could listen on port 0 at all: that is port exhaustion, which no test
// survives, not the race this churn is for. (`listen` in packages/service-kit still tries port 0
// again for a few seconds when the range is full for a moment.)
//
// Prints how many connections it made every 10 s; runs until stopped (or for --seconds N).
import { connect, createServer } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, parallel: { type: 'string', default: '32' } } });
const parallel = Number(values.parallel);
let connections = 0;
let listeners = 0;
let stopping = false;

const server = createServer((socket) => socket.on('error', () => {}));
server.on('error', (error) => process.stderr.write(`[tcp-churn] listener error: ${error.message}\n`));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

/** One connection after another to the long-lived listener. */
function connectLoop() {
  if (stopping) return;
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.on('close', () => {
    connections += 1;
    setImmediate(connectLoop);
  });
  socket.on('connect', () => socket.resetAndDestroy());
}

/** Listeners on system-picked ports, each opened, connected to once and closed. */
function listenLoop() {
  if (stopping) return;
  const transient = createServer((socket) => {
    socket.on('error', () => {});
    socket.resetAndDestroy();
  });
  transient.on('error', () => setImmediate(listenLoop));
  transient.listen(0, '127.0.0.1', () => {
    const client = connect(transient.address().port, '127.0.0.1');
    client.on('error', () => {});
    client.on('close', () =>
      transient.close(() => {
        listeners += 1;
        setImmediate(listenLoop);
      }),
    );
  });
}

for (let i = 0; i < parallel; i += 1) connectLoop();
for (let i = 0; i < Math.max(1, parallel / 8); i += 1) listenLoop();

const report = setInterval(() => {
  process.stderr.write(`[tcp-churn] ${connections} connections and ${listeners} listeners opened and closed so far\n`);
}, 10_000);

const stop = () => {
  stopping = true;
  clearInterval(report);
  server.close();
  process.stderr.write(`[tcp-churn] stopped after ${connections} connections and ${listeners} listeners\n`);
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (values.seconds !== undefined) setTimeout(stop, Number(values.seconds) * 1000);
