/**
 * `node local/dynamodb/dist/main.js`: the embedded DynamoDB as a process of its own, for
 * running the API, the contract suite (`DYNAMODB_ENDPOINT`) or the AWS CLI against it.
 */
import { parseArgs } from 'node:util';
import { NOTES_TABLE_SETTING } from '@secure-notes/adapters-aws/dynamodb';
import { documented, port as portSetting, type ReadEnvOptions, readEnv, text } from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { DEFAULT_HOST, DEFAULT_PORT, type LocalDynamoDbOptions, startLocalDynamoDb } from './local-dynamodb.js';

export const USAGE = `Usage: local-dynamodb [--port N] [--host H] [--data-dir DIR] [--table NAME]

Starts an embedded DynamoDB (dynalite) with the Notes table provisioned.
  --port      DYNAMODB_PORT      default ${DEFAULT_PORT} (0: any free port)
  --host      DYNAMODB_HOST      default ${DEFAULT_HOST}
  --data-dir  DYNAMODB_DATA_DIR  persist there; in memory when absent
  --table     NOTES_TABLE        default Notes (DYNAMODB_TABLE, its former name, still works)`;

/** The command's variables; a flag, when given, wins over its variable. */
export const LOCAL_DYNAMODB_ENV = v.object({
  DYNAMODB_PORT: documented(
    v.optional(portSetting(), String(DEFAULT_PORT)),
    'the port of the emulator (0 picks a free one)',
  ),
  DYNAMODB_HOST: documented(
    v.optional(text(/^\S+$/, 'an address such as 127.0.0.1'), DEFAULT_HOST),
    'the address the emulator binds to',
  ),
  DYNAMODB_DATA_DIR: documented(
    v.optional(text(/\S/, 'a folder')),
    'where the emulator keeps its data; in memory when absent',
  ),
  NOTES_TABLE: NOTES_TABLE_SETTING,
});

/** Former names: the table was `DYNAMODB_TABLE` here while every other process called it `NOTES_TABLE`. */
export const LOCAL_DYNAMODB_RENAMED = { DYNAMODB_TABLE: 'NOTES_TABLE' } as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The options for `startLocalDynamoDb` from the command line, then the environment. */
export function parseCliOptions(
  argv: readonly string[],
  env: Env,
  options: Pick<ReadEnvOptions, 'onWarning'> = {},
): LocalDynamoDbOptions | 'help' {
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
  const flags = {
    DYNAMODB_PORT: values.port,
    DYNAMODB_HOST: values.host,
    DYNAMODB_DATA_DIR: values['data-dir'],
    NOTES_TABLE: values.table,
  };
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const { cli } = readEnv(
    { cli: LOCAL_DYNAMODB_ENV },
    { ...env, ...given },
    {
      ...options,
      renamed: LOCAL_DYNAMODB_RENAMED,
      heading: 'local-dynamodb: fix these settings (flags or environment variables)',
    },
  );
  return {
    port: cli.DYNAMODB_PORT,
    ...(cli.DYNAMODB_HOST === DEFAULT_HOST ? {} : { host: cli.DYNAMODB_HOST }),
    ...(cli.DYNAMODB_DATA_DIR === undefined ? {} : { dataDir: cli.DYNAMODB_DATA_DIR }),
    ...(cli.NOTES_TABLE === 'Notes' ? {} : { tableName: cli.NOTES_TABLE }),
  };
}

/** Runs until SIGINT or SIGTERM; returns the exit code. */
export async function runCli(argv: readonly string[], env: Env): Promise<number> {
  let options: LocalDynamoDbOptions | 'help';
  try {
    options = parseCliOptions(argv, env, { onWarning: (message) => console.warn(`local-dynamodb: ${message}`) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${message.startsWith('local-dynamodb:') ? '' : 'local-dynamodb: '}${message}\n\n${USAGE}`);
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
