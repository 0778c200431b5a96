/**
 * The DynamoDB notes store as an app composes it: one document client per process and the
 * repository over it, with the settings that depend on where the table lives. A plain factory:
 * the apps do the wiring (an inversify container at start, a Lambda's init), so the adapter
 * knows nothing of how it is composed.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient, type DynamoDbClientOptions } from './dynamodb-client.js';
import { DynamoDbIdempotencyStore } from './dynamodb-idempotency-store.js';
import { DynamoDbNotesRepository, type DynamoDbNotesRepositoryOptions } from './dynamodb-notes-repository.js';

export interface DynamoDbNotesStoreOptions extends DynamoDbClientOptions, DynamoDbNotesRepositoryOptions {
  /** A client to share instead of building one; it is then not destroyed by `close()`. */
  readonly client?: DynamoDBDocumentClient;
}

export interface DynamoDbNotesStore {
  readonly repository: DynamoDbNotesRepository;
  /** Idempotency records, in the same table (see `DynamoDbIdempotencyStore`). */
  readonly idempotency: DynamoDbIdempotencyStore;
  readonly client: DynamoDBDocumentClient;
  /** Releases the client's sockets (only a client the store built itself). */
  close(): void;
}

/**
 * @example
 * const store = createDynamoDbNotesStore({ tableName: 'Notes', region: 'eu-west-1' });
 * const local = createDynamoDbNotesStore({ tableName: 'Notes', region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' });
 */
export function createDynamoDbNotesStore(options: DynamoDbNotesStoreOptions): DynamoDbNotesStore {
  const { client, tableName, consistentReads, maxPageBytes, oldItemOnConditionFailure, ...clientOptions } = options;
  // AWS itself returns the old item on a failed condition; an emulator (or a client built
  // elsewhere, for all we know) may not.
  const oldItems =
    oldItemOnConditionFailure ?? (client === undefined && clientOptions.endpoint === undefined ? 'returned' : 'detect');
  const documentClient = client ?? createDynamoDbDocumentClient(clientOptions);
  const repository = new DynamoDbNotesRepository(documentClient, {
    tableName,
    ...(consistentReads === undefined ? {} : { consistentReads }),
    ...(maxPageBytes === undefined ? {} : { maxPageBytes }),
    oldItemOnConditionFailure: oldItems,
  });
  return {
    repository,
    idempotency: new DynamoDbIdempotencyStore(documentClient, { tableName }),
    client: documentClient,
    close: () => {
      if (client === undefined) documentClient.destroy();
    },
  };
}
