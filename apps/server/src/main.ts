#!/usr/bin/env node
/**
 * The container's entry point: `node dist/main.js`. Configuration comes from the environment
 * (see config.ts); SIGTERM and SIGINT shut the server down gracefully.
 */
import 'reflect-metadata';
import { stopOnSignals } from '@secure-notes/service-kit';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

// Log lines go to stdout in batches: a write per 4 KB of lines, or at least every second, rather
// than a write per line.
// What is still buffered is written when the process exits, signal or crash (pino flushes its
// destination synchronously on exit).
const destination = pino.destination({ dest: 1, minLength: 4096, sync: false, periodicFlush: 1000 });
const logger = pino({ level: config.logLevel, base: { service: 'secure-notes-api' } }, destination);
try {
  const server = await startServer({ config, logger });
  logger.info({ url: server.url, store: config.store, table: config.tableName }, 'Secure Notes API listening');
  logger.flush();
  stopOnSignals(() => server.close(), {
    onSignal: (signal) => logger.info({ signal }, 'shutting down: finishing requests in flight'),
    onError: (error) => logger.error({ err: error }, 'shutdown failed'),
  });
} catch (error) {
  logger.fatal({ err: error }, `the API could not start: ${(error as Error).message}`);
  process.exit(1);
}
