/**
 * The container module of the DynamoDB adapter, beside it: one store (one document client) for
 * the notes repository and the idempotency records, built when first asked for, and closed, its
 * client destroyed, when the container is unbound (`container.unbindAllAsync()` where a process
 * ends), so that no socket to DynamoDB outlives the app.
 */
import { TOKENS } from '@secure-notes/container';
import type { IdempotencyStore, NotesRepository } from '@secure-notes/domain';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import {
  createDynamoDbNotesStore,
  type DynamoDbNotesStore,
  type DynamoDbNotesStoreOptions,
} from './dynamodb-notes-store.js';

/** The token of the one store behind `TOKENS.NotesRepository` and `TOKENS.IdempotencyStore`. */
export const DYNAMODB_NOTES_STORE = Symbol.for(
  'secure-notes/DynamoDbNotesStore',
) as ServiceIdentifier<DynamoDbNotesStore>;

/**
 * @example
 * container.load(systemModule({ cursorSecret }), dynamoDbModule({ tableName: 'Notes', region: 'eu-west-1' }), notesModule);
 * // ... where the process ends:
 * await container.unbindAllAsync(); // destroys the DynamoDB client
 */
export function dynamoDbModule(options: DynamoDbNotesStoreOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DYNAMODB_NOTES_STORE)
      .toResolvedValue(() => createDynamoDbNotesStore(options))
      .inSingletonScope()
      .onDeactivation((store) => store.close());
    bind(TOKENS.NotesRepository)
      .toResolvedValue((store: DynamoDbNotesStore): NotesRepository => store.repository, [DYNAMODB_NOTES_STORE])
      .inSingletonScope();
    bind(TOKENS.IdempotencyStore)
      .toResolvedValue((store: DynamoDbNotesStore): IdempotencyStore => store.idempotency, [DYNAMODB_NOTES_STORE])
      .inSingletonScope();
  });
}
