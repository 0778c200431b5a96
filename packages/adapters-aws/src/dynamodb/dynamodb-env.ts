/**
 * Reads the DynamoDB store's settings from environment-style variables, so that every app (the
 * API server, the Lambda, the local stack) configures the table the same way and refuses the
 * same mistakes, with a message that names the variable.
 */
import type { DynamoDbNotesStoreOptions } from './dynamodb-notes-store.js';
import { DEFAULT_NOTES_TABLE } from './notes-table.js';

/** The variables `dynamoDbStoreConfigFromEnv` reads. */
export const DYNAMODB_ENV = {
  /** The table of notes; `Notes` (the tutorial's) by default. */
  tableName: 'NOTES_TABLE',
  /** The table's region; required unless a default is given (the Lambda runtime always sets it). */
  region: 'AWS_REGION',
  /** A DynamoDB-compatible endpoint (DynamoDB Local, the embedded emulator); AWS's when absent. */
  endpoint: 'DYNAMODB_ENDPOINT',
} as const;

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export type DynamoDbStoreConfig = Pick<DynamoDbNotesStoreOptions, 'tableName' | 'region' | 'endpoint'>;

/**
 * @example
 * // NOTES_TABLE=Notes AWS_REGION=eu-west-1
 * const store = createDynamoDbNotesStore(dynamoDbStoreConfigFromEnv(process.env));
 */
export function dynamoDbStoreConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { readonly region?: string } = {},
): DynamoDbStoreConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const tableName = read(DYNAMODB_ENV.tableName) ?? DEFAULT_NOTES_TABLE;
  if (!TABLE_NAME.test(tableName)) {
    throw new Error(
      `${DYNAMODB_ENV.tableName} must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -), got ${JSON.stringify(tableName)}`,
    );
  }
  const region = read(DYNAMODB_ENV.region) ?? defaults.region;
  if (region === undefined)
    throw new Error(`${DYNAMODB_ENV.region} is not set: give the table's region, e.g. us-east-1`);
  if (!REGION.test(region))
    throw new Error(`${DYNAMODB_ENV.region} must be an AWS region such as us-east-1, got ${JSON.stringify(region)}`);
  const endpoint = read(DYNAMODB_ENV.endpoint);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new Error(
      `${DYNAMODB_ENV.endpoint} must be a URL such as http://localhost:8000, got ${JSON.stringify(endpoint)}`,
    );
  }
  return { tableName, region, ...(endpoint === undefined ? {} : { endpoint }) };
}
