/**
 * `node local/dynamodb/dist/main.js`: the embedded DynamoDB as a process of its own, for
 * running the API, the contract suite (`DYNAMODB_ENDPOINT`) or the AWS CLI against it.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, type LocalDynamoDbOptions, startLocalDynamoDb } from './local-dynamodb.js';

export const USAGE = `Usage: local-dynamodb [--port N] [--host H] [--data-dir DIR] [--table NAME]

Starts an embedded DynamoDB (dynalite) with the Notes table provisioned.
  --port      DYNAMODB_PORT      default ${DEFAULT_PORT} (0: any free port)
  --host      DYNAMODB_HOST      default ${DEFAULT_HOST}
  --data-dir  DYNAMODB_DATA_DIR  persist there; in memory when absent
  --table     DYNAMODB_TABLE     default Notes`;

type Env = Readonly<Record<string, string | undefined>>;

/** The options for `startLocalDynamoDb` from the command line, then the environment. */
export function parseCliOptions(argv: readonly string[], env: Env): LocalDynamoDbOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      table: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const rawPort = values.port ?? env.DYNAMODB_PORT;
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  if (rawPort !== undefined && (!/^\d+$/.test(rawPort.trim()) || port > 65_535)) {
    throw new RangeError(`DYNAMODB_PORT must be a port number from 0 to 65535, not "${rawPort}"`);
  }
  const host = values.host ?? env.DYNAMODB_HOST;
  const dataDir = values['data-dir'] ?? env.DYNAMODB_DATA_DIR;
  const tableName = values.table ?? env.DYNAMODB_TABLE;
  return {
    port,
    ...(host ? { host } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(tableName ? { tableName } : {}),
  };
}

/** Runs until SIGINT or SIGTERM; returns the exit code. */
export async function runCli(argv: readonly string[], env: Env): Promise<number> {
  let options: LocalDynamoDbOptions | 'help';
  try {
    options = parseCliOptions(argv, env);
  } catch (error) {
    console.error(`local-dynamodb: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.info(USAGE);
    return 0;
  }
  let local: Awaited<ReturnType<typeof startLocalDynamoDb>>;
  try {
    local = await startLocalDynamoDb({ ...options, logger: console });
  } catch (error) {
    console.error(`local-dynamodb: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.info(`export DYNAMODB_ENDPOINT=${local.endpoint}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await local.close();
  console.info('local DynamoDB stopped');
  return 0;
}
