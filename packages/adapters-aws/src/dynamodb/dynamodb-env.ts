/**
 * The DynamoDB store's variables, as a schema that `readEnv` (service-kit) applies, so that every
 * app (the API server, the Lambda, the local stack and the emulator's command) names the table
 * the same way and refuses the same mistakes.
 */
import { documented, httpUrl, text } from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { AWS_REGION_PATTERN } from '../aws-region.js';
import type { DynamoDbNotesStoreOptions } from './dynamodb-notes-store.js';
import { DEFAULT_NOTES_TABLE } from './notes-table.js';

/** `AWS_REGION`: required where nothing else names the region (the Lambda runtime always sets it). */
export const AWS_REGION_SETTING = documented(
  text(AWS_REGION_PATTERN, 'an AWS region such as us-east-1'),
  "the AWS region of the table (the user pool's region when absent)",
);

/** `NOTES_TABLE`: the tutorial's `Notes` by default. */
export const NOTES_TABLE_SETTING = documented(
  v.optional(
    text(/^[a-zA-Z0-9_.-]{3,255}$/, 'a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)'),
    DEFAULT_NOTES_TABLE,
  ),
  'the DynamoDB table of notes (the tutorial calls it Notes)',
);

/**
 * The table, its region (optional here: the server falls back on the pool's) and, for DynamoDB
 * Local or the emulator, its endpoint.
 */
export const DYNAMODB_ENV = v.object({
  NOTES_TABLE: NOTES_TABLE_SETTING,
  AWS_REGION: v.optional(AWS_REGION_SETTING),
  DYNAMODB_ENDPOINT: documented(
    v.optional(httpUrl('http://localhost:8000')),
    'a DynamoDB-compatible endpoint such as http://localhost:8000 (DynamoDB Local, the emulator); AWS when absent',
  ),
});

export type DynamoDbStoreConfig = Pick<DynamoDbNotesStoreOptions, 'tableName' | 'region' | 'endpoint'>;

/**
 * The store's configuration from the values `readEnv` read with `DYNAMODB_ENV`; `region` is used
 * when `AWS_REGION` is absent.
 *
 * @example
 * const { table } = readEnv({ table: DYNAMODB_ENV }, process.env);
 * const store = createDynamoDbNotesStore(dynamoDbStoreConfig(table, 'us-east-1'));
 */
export function dynamoDbStoreConfig(values: v.InferOutput<typeof DYNAMODB_ENV>, region: string): DynamoDbStoreConfig {
  return {
    tableName: values.NOTES_TABLE,
    region: values.AWS_REGION ?? region,
    ...(values.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: values.DYNAMODB_ENDPOINT }),
  };
}
