#!/usr/bin/env node
/**
 * `npm start`: runs the local stack in the foreground until Ctrl+C. Settings come from the
 * environment, read by config.ts with the schemas of the services they configure (the README's
 * "Settings" lists them): a mistake stops the start with every problem named, and a setting that
 * cannot apply to the chosen store or runtime is named at start instead of being dropped.
 * The progress of finding the CDK app's synthesized template and its path are printed: the
 * Lambda runtime's (with what it holds that is not emulated), or the container's, whose task
 * definition configures the Express server.
 *
 * `npm start` builds the web app and the Lambda bundles before it runs this (the root package's
 * `local` script), so the stack never runs stale code and imports nothing from outside its
 * package; started without them, the Lambda runtime names the command that builds them.
 */
import { stopOnSignals } from '@secure-notes/service-kit';
import { ConfigError } from '@secure-notes/service-kit/config';
import 'reflect-metadata';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { banner } from './banner.js';
import { type LocalStackSettings, localStackSettingsFromEnv } from './config.js';
import { startLocalStack } from './local-stack.js';

let settings: LocalStackSettings;
try {
  settings = localStackSettingsFromEnv(process.env, {
    onWarning: (message) => process.stderr.write(`Note: ${message}\n`),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const { apiRuntime: runtime, store } = settings;
if (settings.authorizer !== undefined && runtime !== 'lambda') {
  process.stderr.write(
    `Note: AUTHORIZER=${settings.authorizer} is ignored: it applies to API_RUNTIME=lambda only (the Express server has its own).\n`,
  );
}
const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');
const dataDir =
  store === 'memory' && settings.dataDir === undefined
    ? undefined
    : resolve(settings.dataDir ?? resolve(repositoryRoot, '.data'));
const logger = pino({ level: settings.logLevel, base: null });

try {
  const stack = await startLocalStack({
    logger,
    store,
    services: settings.services,
    host: settings.host,
    apiPort: settings.apiPort,
    cognitoPort: settings.cognitoPort,
    dynamoDbPort: settings.dynamoDbPort,
    s3Port: settings.s3Port,
    webPort: settings.webPort,
    webDevOrigin: settings.webDevOrigin,
    ...(dataDir === undefined ? {} : { dataDir }),
    apiRuntime: runtime,
    ...(runtime === 'lambda' ? { authorizer: settings.authorizer ?? 'cognito' } : {}),
    onProgress: (line: string) => process.stdout.write(`${line}\n`),
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
