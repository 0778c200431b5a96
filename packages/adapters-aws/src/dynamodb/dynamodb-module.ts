/**
 * Composition for the DynamoDB adapter: one document client per container (and so per
 * process, since apps build one container at start), and the repository over it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TOKENS } from '@secure-notes/container';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { createDynamoDbDocumentClient, type DynamoDbClientOptions } from './dynamodb-client.js';
import { DynamoDbNotesRepository, type DynamoDbNotesRepositoryOptions } from './dynamodb-notes-repository.js';

export const DYNAMODB_TOKENS = {
  DocumentClient: Symbol.for('secure-notes/DynamoDBDocumentClient') as ServiceIdentifier<DynamoDBDocumentClient>,
} as const;

export interface DynamoDbModuleOptions extends DynamoDbClientOptions, DynamoDbNotesRepositoryOptions {
  /** A client to share instead of building one; it is then not destroyed with the container. */
  readonly client?: DynamoDBDocumentClient;
}

/**
 * Binds `TOKENS.NotesRepository` to a `DynamoDbNotesRepository`.
 *
 * @example
 * container.load(notesModule, dynamoDbModule({ tableName: 'Notes', region: 'eu-west-1' }));
 * container.load(notesModule, dynamoDbModule({ tableName: 'Notes', region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' }));
 */
export function dynamoDbModule(options: DynamoDbModuleOptions): ContainerModule {
  const { client, tableName, consistentReads, maxPageBytes, oldItemOnConditionFailure, ...clientOptions } = options;
  // AWS itself returns the old item on a failed condition; an emulator (or a client built
  // elsewhere, for all we know) may not.
  const oldItems =
    oldItemOnConditionFailure ?? (client === undefined && clientOptions.endpoint === undefined ? 'returned' : 'detect');
  return new ContainerModule(({ bind }) => {
    if (client === undefined) {
      bind(DYNAMODB_TOKENS.DocumentClient)
        .toResolvedValue(() => createDynamoDbDocumentClient(clientOptions))
        .inSingletonScope()
        .onDeactivation((built) => built.destroy());
    } else {
      bind(DYNAMODB_TOKENS.DocumentClient).toConstantValue(client);
    }
    bind(TOKENS.NotesRepository)
      .toResolvedValue(
        (documentClient: DynamoDBDocumentClient) =>
          new DynamoDbNotesRepository(documentClient, {
            tableName,
            ...(consistentReads === undefined ? {} : { consistentReads }),
            ...(maxPageBytes === undefined ? {} : { maxPageBytes }),
            oldItemOnConditionFailure: oldItems,
          }),
        [DYNAMODB_TOKENS.DocumentClient],
      )
      .inSingletonScope();
  });
}
