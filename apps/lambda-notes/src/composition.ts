/**
 * The composition root of the notes function: read the configuration, bind every port to its
 * adapter in one inversify container, and build the middy handler over the use cases. It runs
 * once per Lambda instance, at init (the cold start), never per invocation; a configuration
 * mistake stops the init with a message that names the variable.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDbNotesStore, type DynamoDbNotesStore } from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import { SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { Container, type ServiceIdentifier } from 'inversify';
import { notesFunctionConfigFromEnv } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

const STORE = Symbol.for('secure-notes/DynamoDbNotesStore') as ServiceIdentifier<DynamoDbNotesStore>;
const NOTES_HANDLER = Symbol.for('secure-notes/NotesLambdaHandler') as ServiceIdentifier<NotesLambdaHandler>;

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
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.PageCursorSecret).toConstantValue(config.cursorSecret);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
  container.bind(STORE).toConstantValue(createDynamoDbNotesStore(config.store));
  container.bind(TOKENS.NotesRepository).toResolvedValue((store: DynamoDbNotesStore) => store.repository, [STORE]);
  container.bind(TOKENS.IdempotencyStore).toResolvedValue((store: DynamoDbNotesStore) => store.idempotency, [STORE]);
  container.load(notesModule);
  container.bind(NOTES_HANDLER).toResolvedValue(
    (useCases, idempotency) =>
      createNotesLambdaHandler({
        useCases,
        logger,
        appClientIds: config.appClientIds,
        corsOrigins: config.corsOrigins,
        bodyLimitBytes: config.bodyLimitBytes,
        storageBudgetMs: config.storageBudgetMs,
        idempotency,
      }),
    [TOKENS.NotesUseCases, TOKENS.Idempotency],
  );
  return container.get(NOTES_HANDLER);
}
