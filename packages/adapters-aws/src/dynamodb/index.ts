export {
  createDynamoDbClient,
  createDynamoDbDocumentClient,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DynamoDbClientOptions,
  dynamoDbHttpHandlerOptions,
  resolveCredentials,
} from './dynamodb-client.js';
export {
  AWS_REGION_SETTING,
  DYNAMODB_ENV,
  type DynamoDbStoreConfig,
  dynamoDbStoreConfig,
  NOTES_TABLE_SETTING,
} from './dynamodb-env.js';
export {
  classifyDynamoDbError,
  type DynamoDbFailure,
  RETRY_AFTER_SECONDS,
  toPortError,
} from './dynamodb-errors.js';
export { DynamoDbIdempotencyStore, type DynamoDbIdempotencyStoreOptions } from './dynamodb-idempotency-store.js';
export { DYNAMODB_NOTES_STORE, dynamoDbModule } from './dynamodb-module.js';
export {
  DEFAULT_MAX_PAGE_BYTES,
  DynamoDbNotesRepository,
  type DynamoDbNotesRepositoryOptions,
  RESERVED_OWNER_PREFIX,
} from './dynamodb-notes-repository.js';
export {
  createDynamoDbNotesStore,
  type DynamoDbNotesStore,
  type DynamoDbNotesStoreOptions,
} from './dynamodb-notes-store.js';
export { fromNoteItem, type NoteItem, toNoteItem } from './note-item.js';
export { DEFAULT_NOTES_TABLE, type EnsureNotesTableOptions, ensureNotesTable } from './notes-table.js';
