/**
 * The notes function's configuration, read once per instance at init (the cold start) from the
 * environment the infrastructure sets, with the schemas every other runtime uses: the table's
 * (DynamoDB), the contract's (origins, body limit, storage budget), the app clients' (behind the
 * Cognito authorizer, which lets every app client of the pool through, the function itself
 * refuses tokens of the others) and the log level. The page-token secret is the one difference:
 * the function's environment names it (`NOTES_CURSOR_SECRET_ID`) and the init reads its value
 * from Secrets Manager, where the server is given the value (`NOTES_CURSOR_SECRET`). A mistake
 * stops the init with every problem listed.
 */
import { APP_CLIENTS_ENV } from '@secure-notes/adapters-aws/cognito';
import { AWS_REGION_SETTING, DYNAMODB_ENV, type DynamoDbStoreConfig } from '@secure-notes/adapters-aws/dynamodb';
import { S3_ENV, type S3StorageConfig, s3StorageConfig } from '@secure-notes/adapters-aws/s3';
import { API_ENV, ATTACHMENTS_ENV, attachmentSettings } from '@secure-notes/http-api';
import {
  documented,
  type Env,
  LOGGING_ENV,
  type LogLevel,
  powertoolsLogLevel,
  type ReadEnvOptions,
  readEnv,
  text,
} from '@secure-notes/service-kit/config';
import * as v from 'valibot';

type AttachmentSettings = ReturnType<typeof attachmentSettings>;

/** The function's own variables; `AWS_REGION` is required here, and the Lambda runtime always sets it. */
export const NOTES_FUNCTION_ENV = v.object({
  AWS_REGION: AWS_REGION_SETTING,
  POWERTOOLS_SERVICE_NAME: documented(
    v.optional(text(/^\S+$/, 'a service name'), 'secure-notes'),
    'the service name on every log line',
  ),
  NOTES_CURSOR_SECRET_ID: documented(
    text(/^\S+$/, 'the ARN or name of a Secrets Manager secret'),
    'the Secrets Manager secret (ARN or name) whose value seals list page tokens; read at init, never in the environment',
  ),
});

/** Every schema the function reads, by part. */
export const NOTES_FUNCTION_SCHEMAS = {
  function: NOTES_FUNCTION_ENV,
  table: DYNAMODB_ENV,
  // The contract's settings but the secret's value, which the function reads from Secrets Manager.
  api: v.omit(API_ENV, ['NOTES_CURSOR_SECRET']),
  clients: APP_CLIENTS_ENV,
  logging: LOGGING_ENV,
  s3: S3_ENV,
  attachments: ATTACHMENTS_ENV,
} as const;

export interface NotesFunctionConfig {
  readonly store: DynamoDbStoreConfig;
  /** The app clients whose tokens the API accepts (the Cognito authorizer lets any of the pool's through). */
  readonly appClientIds: readonly string[];
  /** The Secrets Manager secret (ARN or name) whose string seals page tokens. */
  readonly cursorSecretId: string;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly storageBudgetMs: number;
  readonly logLevel: LogLevel;
  /** `logLevel` as Powertools Logger names it. */
  readonly powertoolsLogLevel: ReturnType<typeof powertoolsLogLevel>;
  readonly serviceName: string;
  /** The attachment bucket (ATTACHMENTS_BUCKET) and its rules; absent without a bucket. */
  readonly attachments?: { readonly bucket: S3StorageConfig; readonly settings: AttachmentSettings };
}

/**
 * Reads and checks the function's environment; throws a `ConfigError` that lists every problem.
 *
 * @example
 * const config = notesFunctionConfigFromEnv(process.env);
 */
export function notesFunctionConfigFromEnv(
  env: Env,
  options: Pick<ReadEnvOptions, 'onWarning'> = {},
): NotesFunctionConfig {
  const parts = readEnv(NOTES_FUNCTION_SCHEMAS, env, {
    ...options,
    heading: 'The notes function is misconfigured; set these environment variables',
  });
  return {
    store: {
      tableName: parts.table.NOTES_TABLE,
      region: parts.function.AWS_REGION,
      ...(parts.table.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: parts.table.DYNAMODB_ENDPOINT }),
    },
    appClientIds: parts.clients.COGNITO_CLIENT_IDS,
    cursorSecretId: parts.function.NOTES_CURSOR_SECRET_ID,
    corsOrigins: parts.api.CORS_ORIGINS,
    bodyLimitBytes: parts.api.BODY_LIMIT_BYTES,
    storageBudgetMs: parts.api.STORAGE_BUDGET_MS,
    logLevel: parts.logging.LOG_LEVEL,
    powertoolsLogLevel: powertoolsLogLevel(parts.logging.LOG_LEVEL),
    serviceName: parts.function.POWERTOOLS_SERVICE_NAME,
    ...attachmentsOf(s3StorageConfig(parts.s3, parts.function.AWS_REGION), attachmentSettings(parts.attachments)),
  };
}

/** Attachments are on where a bucket is named. */
function attachmentsOf(
  bucket: S3StorageConfig | undefined,
  settings: AttachmentSettings,
): Pick<NotesFunctionConfig, 'attachments'> {
  return bucket === undefined ? {} : { attachments: { bucket, settings } };
}
