/**
 * The tutorial's `Notes` table (partition key `userId`, sort key `noteId`, both strings), made on
 * demand for local use and tests. Deployed tables come from the infrastructure code; this is
 * never called against AWS by the API itself.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const DEFAULT_NOTES_TABLE = 'Notes';

export interface EnsureNotesTableOptions {
  /** How long to wait for ACTIVE, in seconds (default 120). */
  readonly maxWaitSeconds?: number;
}

/**
 * Creates the table when absent (on-demand billing), then waits until it is ACTIVE. Safe to
 * call concurrently and on a table that already exists. Returns whether it created the table.
 *
 * @example
 * await ensureNotesTable(createDynamoDbClient({ region: 'us-east-1', endpoint }), 'Notes');
 */
export async function ensureNotesTable(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
  options: EnsureNotesTableOptions = {},
): Promise<boolean> {
  // The document client sends control-plane commands unchanged; the waiter only calls `send`.
  const raw = client as DynamoDBClient;
  let created = false;
  try {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await raw.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'userId', AttributeType: 'S' },
            { AttributeName: 'noteId', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'userId', KeyType: 'HASH' },
            { AttributeName: 'noteId', KeyType: 'RANGE' },
          ],
        }),
      );
      created = true;
    } catch (createError) {
      // Someone else created it between our two calls: wait for theirs.
      if (!(createError instanceof ResourceInUseException)) throw createError;
    }
  }
  await waitUntilTableExists(
    { client: raw, minDelay: 1, maxDelay: 5, maxWaitTime: options.maxWaitSeconds ?? 120 },
    { TableName: tableName },
  );
  return created;
}
