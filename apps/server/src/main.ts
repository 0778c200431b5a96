#!/usr/bin/env node
/**
 * The container's entry point: `node dist/main.js`. Configuration comes from the environment
 * (see config.ts); SIGTERM and SIGINT shut the server down gracefully.
 */
import 'reflect-metadata';
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

const logger = pino({ level: config.logLevel, base: { service: 'secure-notes-api' } });
try {
  const server = await startServer({ config, logger });
  logger.info({ url: server.url, store: config.store, table: config.tableName }, 'Secure Notes API listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, `the API could not start: ${(error as Error).message}`);
  process.exit(1);
}
