#!/usr/bin/env node
/**
 * `npm start`: runs the local stack in the foreground until Ctrl+C. Settings come from the
 * environment: PORT (3000), COGNITO_PORT (9229), DYNAMODB_PORT (8000), S3_PORT (4566, the local
 * S3 of attachments, whatever the store), HOST (127.0.0.1),
 * DATA_DIR (.data at the repository root), NOTES_STORE (`embedded`, `memory`, or `dynamodb` for
 * your own table: NOTES_TABLE, AWS_REGION, DYNAMODB_ENDPOINT), LOG_LEVEL. With
 * COGNITO_USER_POOL_ID and COGNITO_CLIENT_IDS, the API accepts your user pool's tokens instead of
 * starting the local Cognito. API_RUNTIME (`express`, the default, or `lambda`: the functions'
 * bundles, built fresh first, behind the local API Gateway at /dev) and, with `lambda`,
 * AUTHORIZER (`cognito`, the default, `token` or `request`).
 */
import { stopOnSignals } from '@secure-notes/service-kit';
import 'reflect-metadata';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { banner } from './banner.js';
import { AUTHORIZER_MODES, type AuthorizerMode } from './lambda-runtime.js';
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
const runtime = process.env.API_RUNTIME || 'express';
if (runtime !== 'express' && runtime !== 'lambda') {
  process.stderr.write(
    `API_RUNTIME=${runtime} is not known: use "express" (the default, the Express server) or "lambda" (the Lambda bundles behind the local API Gateway).\n`,
  );
  process.exit(2);
}
const authorizer = (process.env.AUTHORIZER || 'cognito') as AuthorizerMode;
if (!AUTHORIZER_MODES.includes(authorizer)) {
  process.stderr.write(
    `AUTHORIZER=${authorizer} is not known: use "cognito" (the default, the tutorial's Part VI), "token" or "request" (a Lambda authorizer, Part VIII).\n`,
  );
  process.exit(2);
}
if (process.env.AUTHORIZER && runtime !== 'lambda') {
  process.stderr.write(
    `Note: AUTHORIZER=${authorizer} is ignored: it applies to API_RUNTIME=lambda only (the Express server has its own).\n`,
  );
}
const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');
if (runtime === 'lambda') {
  // The bundles are built from the sources every time, so the gateway never runs stale code.
  process.stdout.write('Building the Lambda bundles (pnpm build:lambdas) ...\n');
  try {
    const script = pathToFileURL(resolve(repositoryRoot, 'scripts', 'build-lambdas.mjs')).href;
    const { buildLambdas } = (await import(script)) as {
      buildLambdas: (options?: { quiet?: boolean }) => Promise<unknown>;
    };
    await buildLambdas();
  } catch (error) {
    process.stderr.write(`\nThe Lambda bundles could not be built: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
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
    s3Port: port('S3_PORT', 4566),
    ...(dataDir === undefined ? {} : { dataDir }),
    apiRuntime: runtime,
    ...(runtime === 'lambda' ? { authorizer } : {}),
  });
  process.stdout.write(banner(stack));
  stopOnSignals(() => stack.close(), {
    onSignal: () => process.stdout.write('\nStopping the local stack ...\n'),
    onError: (error) => logger.error({ err: error }, 'the local stack did not stop cleanly'),
  });
} catch (error) {
  process.stderr.write(`\nThe local stack could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
