/**
 * The embedded DynamoDB of the local stack: dynalite, in this process, on a real HTTP port,
 * with the Notes table provisioned, so that the API, the AWS CLI and the tutorial's own scripts
 * can all talk to it as to DynamoDB without an AWS account or a container runtime. Tables are
 * ACTIVE at once (no CREATING delay). Data lives in memory, or on disk in `dataDir`.
 */
import { createDynamoDbClient, DEFAULT_NOTES_TABLE, ensureNotesTable } from '@secure-notes/adapters-aws/dynamodb';
import { startEmbeddedDynamoDb } from './embedded.js';

export const DEFAULT_PORT = 8000;
export const DEFAULT_HOST = '127.0.0.1';

export interface LocalDynamoDbLogger {
  info(message: string): void;
}

export interface LocalDynamoDbOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly host?: string;
  /** Persist the data in this directory (created when missing); in memory when absent. */
  readonly dataDir?: string;
  readonly tableName?: string;
  readonly logger?: LocalDynamoDbLogger;
}

export interface LocalDynamoDb {
  /** What `DYNAMODB_ENDPOINT` should be set to. */
  readonly endpoint: string;
  readonly port: number;
  readonly tableName: string;
  /** Stops listening and closes the data store; data in `dataDir` stays. */
  close(): Promise<void>;
}

/**
 * Starts the embedded DynamoDB and provisions the Notes table (created when absent, ACTIVE
 * before this resolves).
 *
 * @example
 * const local = await startLocalDynamoDb({ dataDir: '.data/dynamodb' });
 * process.env.DYNAMODB_ENDPOINT = local.endpoint; // http://127.0.0.1:8000
 * await local.close();
 */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const tableName = options.tableName ?? DEFAULT_NOTES_TABLE;
  const embedded = await startEmbeddedDynamoDb({
    port,
    host,
    setting: 'DYNAMODB_PORT',
    ...(options.dataDir === undefined ? {} : { path: options.dataDir }),
  });
  const { endpoint } = embedded;
  const actualPort = embedded.port;

  const client = createDynamoDbClient({ region: 'us-east-1', endpoint, env: {} });
  let created: boolean;
  try {
    created = await ensureNotesTable(client, tableName, { maxWaitSeconds: 30 });
  } catch (error) {
    await embedded.close().catch(() => undefined);
    const where = options.dataDir === undefined ? '' : ` (is ${options.dataDir} used by another process?)`;
    throw new Error(`could not provision the ${tableName} table on ${endpoint}${where}`, { cause: error });
  } finally {
    client.destroy();
  }

  const storage = options.dataDir === undefined ? 'in memory' : `on disk in ${options.dataDir}`;
  options.logger?.info(
    `local DynamoDB (dynalite) listening on ${endpoint}, data ${storage}, table ${tableName} ${created ? 'created' : 'found'}`,
  );
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port: actualPort,
    tableName,
    close: () => {
      closing ??= embedded.close();
      return closing;
    },
  };
}
