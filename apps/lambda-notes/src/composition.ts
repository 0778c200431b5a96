/**
 * The composition root of the notes function: read the configuration, load the modules of its
 * choices into one inversify container (the system's clock, ids and cursor secret; DynamoDB;
 * the attachments' bucket where one is named; the use cases), and build the middy handler over the use cases. It runs
 * once per Lambda instance, at init (the cold start), never per invocation; a configuration
 * mistake stops the init with a message that names the variable.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDbModule } from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import { s3AttachmentsModule } from '@secure-notes/adapters-aws/s3';
import { systemModule } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { Container } from 'inversify';
import { notesFunctionConfigFromEnv } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds the handler from the environment.
 *
 * @example
 * export const handler = composeNotesFunction(process.env);
 */
export function composeNotesFunction(env: Env, overrides: { readonly logger?: Logger } = {}): NotesLambdaHandler {
  const config = notesFunctionConfigFromEnv(env);
  const logger =
    overrides.logger ?? new Logger({ serviceName: config.serviceName, logLevel: config.powertoolsLogLevel });
  // Lambda ends an instance without telling it: nothing here is unbound, the process just stops.
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(systemModule({ cursorSecret: config.cursorSecret }), dynamoDbModule(config.store), notesModule);
  if (config.attachments !== undefined) container.load(s3AttachmentsModule(config.attachments));
  return createNotesLambdaHandler({
    useCases: container.get(TOKENS.NotesUseCases),
    idempotency: container.get(TOKENS.Idempotency),
    logger,
    appClientIds: config.appClientIds,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    storageBudgetMs: config.storageBudgetMs,
  });
}
