/**
 * The embedded DynamoDB of the local stack: dynalite, in this process, on a real HTTP port,
 * with the Notes table provisioned, so that the API, the AWS CLI and the seed's own scripts
 * can all talk to it as to DynamoDB without an AWS account or a container runtime. Tables are
 * ACTIVE at once (no CREATING delay). Data lives in memory, or on disk in `dataDir`.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { type AddressInfo, createServer, type Server as NetServer } from 'node:net';
import { createDynamoDbClient, DEFAULT_NOTES_TABLE, ensureNotesTable } from '@secure-notes/adapters-aws/dynamodb';
import dynalite from 'dynalite';

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

/** The port is taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly port: number;

  constructor(port: number, options?: ErrorOptions) {
    super(`port ${port} is in use: set DYNAMODB_PORT or stop the other process`, options);
    this.port = port;
  }
}

function listen(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, { cause: error }) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * dynalite opens its store when created, and a server that never listened cannot be closed,
 * so a busy port is found out before dynalite exists.
 */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets of clients still running would otherwise hold the server open.
    server.closeIdleConnections();
  });
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
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`DynamoDB port must be an integer from 0 to 65535, not ${port}`);
  }
  await assertPortFree(port, host);
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir === undefined ? {} : { path: options.dataDir }),
  });
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  const client = createDynamoDbClient({ region: 'us-east-1', endpoint, env: {} });
  let created: boolean;
  try {
    created = await ensureNotesTable(client, tableName, { maxWaitSeconds: 30 });
  } catch (error) {
    await closeServer(server).catch(() => undefined);
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
      closing ??= closeServer(server);
      return closing;
    },
  };
}
