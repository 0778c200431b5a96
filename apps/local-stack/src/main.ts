#!/usr/bin/env node
/**
 * `npm start`: runs the local stack in the foreground until Ctrl+C. Settings come from the
 * environment: PORT (3000), COGNITO_PORT (9229), DYNAMODB_PORT (8000), HOST (127.0.0.1),
 * DATA_DIR (.data at the repository root), NOTES_STORE (`embedded`, `memory`, or `dynamodb` for
 * your own table: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT), LOG_LEVEL. With
 * COGNITO_USER_POOL_ID and COGNITO_CLIENT_IDS, the API accepts your user pool's tokens instead of
 * starting the local Cognito.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { banner } from './banner.js';
import { startLocalStack } from './local-stack.js';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    process.stderr.write(`${name}=${raw} is not a port: give a whole number from 1 to 65535.\n`);
    process.exit(2);
  }
  return value;
}

const store = process.env.NOTES_STORE || 'embedded';
if (store !== 'embedded' && store !== 'memory' && store !== 'dynamodb') {
  process.stderr.write(
    `NOTES_STORE=${store} is not known: use "embedded" (the default emulator), "memory", or "dynamodb" (your table: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT).\n`,
  );
  process.exit(2);
}
const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');
const dataDir =
  store === 'memory' && !process.env.DATA_DIR
    ? undefined
    : resolve(process.env.DATA_DIR ?? resolve(repositoryRoot, '.data'));
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: null });

try {
  const stack = await startLocalStack({
    logger,
    store,
    environment: process.env,
    host: process.env.HOST ?? '127.0.0.1',
    apiPort: port('PORT', 3000),
    cognitoPort: port('COGNITO_PORT', 9229),
    dynamoDbPort: port('DYNAMODB_PORT', 8000),
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  process.stdout.write(banner(stack));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stdout.write('\nStopping the local stack ...\n');
      stack.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'the local stack did not stop cleanly');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  process.stderr.write(`\nThe local stack could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
