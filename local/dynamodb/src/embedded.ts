/**
 * dynalite, the embedded DynamoDB emulator, on a real HTTP port in this process, so that the
 * real AWS SDK (and the AWS CLI, and the tutorial's own scripts) talk to it as to DynamoDB with
 * no AWS account or container runtime. Tables are ACTIVE at once (no CREATING delay). Data
 * lives in memory, or on disk in `path` (LevelDB).
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { closeHttpServer, listen } from '@secure-notes/service-kit';
import dynalite from 'dynalite';

export interface EmbeddedDynamoDbOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Persist the data in this directory (created when missing); in memory when absent. */
  readonly path?: string;
  /** The setting that chose the port, for the error when it is in use (`DYNAMODB_PORT`). */
  readonly setting?: string;
}

export interface EmbeddedDynamoDb {
  /** What `DYNAMODB_ENDPOINT` should be set to. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening; data on disk stays. */
  close(): Promise<void>;
}

/**
 * @example
 * const dynamodb = await startEmbeddedDynamoDb({ path: '.data/dynamodb' });
 * const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1' });
 */
export async function startEmbeddedDynamoDb(options: EmbeddedDynamoDbOptions = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 0;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
    throw new RangeError(`DynamoDB port must be an integer from 0 to 65535, not ${requested}`);
  }
  if (options.path !== undefined) await mkdir(options.path, { recursive: true });
  // The port is bound first, by a plain socket server, and dynalite is made only then: it opens
  // its store (and locks `path`) as soon as it exists, so a port in use must be found out before.
  // dynalite then takes over the bound socket: no window in which another process could take it.
  const socket = createServer();
  const port = await listen(socket, {
    port: requested,
    host,
    service: 'the embedded DynamoDB',
    setting: options.setting ?? 'DYNAMODB_PORT',
  });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => {
      closing ??= closeHttpServer(server);
      return closing;
    },
  };
}
