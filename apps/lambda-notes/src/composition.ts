/**
 * The composition root of the notes function: read the configuration, bind every port to its
 * adapter in one inversify container, and build the middy handler over the use cases. It runs
 * once per Lambda instance, at init (the cold start), never per invocation; a configuration
 * mistake stops the init with a message that names the variable.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { appClientIdsFromEnv } from '@secure-notes/adapters-aws/cognito';
import {
  createDynamoDbNotesStore,
  type DynamoDbNotesStore,
  dynamoDbStoreConfigFromEnv,
} from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import {
  createS3Client,
  S3ObjectStorage,
  type S3StorageConfig,
  s3StorageConfigFromEnv,
} from '@secure-notes/adapters-aws/s3';
import { SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import type { AttachmentSettings } from '@secure-notes/domain';
import {
  attachmentSettingsFromEnv,
  corsOriginsFromEnv,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_STORAGE_BUDGET_MS,
} from '@secure-notes/http-api';
import { Container, type ServiceIdentifier } from 'inversify';

type Env = Readonly<Record<string, string | undefined>>;

const STORE = Symbol.for('secure-notes/DynamoDbNotesStore') as ServiceIdentifier<DynamoDbNotesStore>;
const NOTES_HANDLER = Symbol.for('secure-notes/NotesLambdaHandler') as ServiceIdentifier<NotesLambdaHandler>;

export interface NotesFunctionConfig {
  readonly store: ReturnType<typeof dynamoDbStoreConfigFromEnv>;
  /** The app clients whose tokens the API accepts (the Cognito authorizer lets any of the pool's through). */
  readonly appClientIds: readonly string[];
  readonly cursorSecret: string;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly storageBudgetMs: number;
  readonly logLevel: string;
  /** The attachment bucket (ATTACHMENTS_BUCKET) and its rules; absent without a bucket. */
  readonly attachments?: { readonly bucket: S3StorageConfig; readonly settings: AttachmentSettings };
}

/** Reads and checks the function's environment; throws one error that lists every problem. */
export function notesFunctionConfigFromEnv(env: Env): NotesFunctionConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const store = attempt(() => dynamoDbStoreConfigFromEnv(env));
  const cursorSecret = env.NOTES_CURSOR_SECRET ?? '';
  if (cursorSecret.length < 32) {
    problems.push(
      'NOTES_CURSOR_SECRET must be a random secret of 32+ characters that seals page tokens, the same on every instance',
    );
  }
  // Behind the Cognito authorizer, which lets every app client of the pool through, the
  // function itself refuses tokens of the others.
  const appClientIds = attempt(() => appClientIdsFromEnv(env));
  const corsOrigins = attempt(() => corsOriginsFromEnv(env.CORS_ORIGINS));
  const rawLimit = env.BODY_LIMIT_BYTES?.trim();
  const bodyLimitBytes = rawLimit ? Number(rawLimit) : DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) {
    problems.push(`BODY_LIMIT_BYTES must be a whole number of bytes, at least 1024, got ${JSON.stringify(rawLimit)}`);
  }
  const rawBudget = env.STORAGE_BUDGET_MS?.trim();
  const storageBudgetMs = rawBudget ? Number(rawBudget) : DEFAULT_STORAGE_BUDGET_MS;
  if (!Number.isInteger(storageBudgetMs) || storageBudgetMs < 100) {
    problems.push(
      `STORAGE_BUDGET_MS must be a whole number of milliseconds, at least 100, got ${JSON.stringify(rawBudget)}`,
    );
  }
  const bucket = attempt(() => s3StorageConfigFromEnv(env));
  const attachmentSettings = attempt(() => attachmentSettingsFromEnv(env));
  if (
    problems.length > 0 ||
    store === undefined ||
    corsOrigins === undefined ||
    appClientIds === undefined ||
    attachmentSettings === undefined
  ) {
    throw new Error(
      `The notes function is misconfigured; set these environment variables:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    store,
    appClientIds,
    cursorSecret,
    corsOrigins,
    bodyLimitBytes,
    storageBudgetMs,
    logLevel: env.LOG_LEVEL?.trim() || 'INFO',
    ...(bucket === undefined ? {} : { attachments: { bucket, settings: attachmentSettings } }),
  };
}

/**
 * Builds the handler from the environment.
 *
 * @example
 * export const handler = composeNotesFunction(process.env);
 */
export function composeNotesFunction(env: Env, overrides: { readonly logger?: Logger } = {}): NotesLambdaHandler {
  const config = notesFunctionConfigFromEnv(env);
  const logger =
    overrides.logger ??
    new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || 'secure-notes', logLevel: config.logLevel as 'INFO' });
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.PageCursorSecret).toConstantValue(config.cursorSecret);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
  container.bind(STORE).toConstantValue(createDynamoDbNotesStore(config.store));
  container.bind(TOKENS.NotesRepository).toResolvedValue((store: DynamoDbNotesStore) => store.repository, [STORE]);
  container.bind(TOKENS.IdempotencyStore).toResolvedValue((store: DynamoDbNotesStore) => store.idempotency, [STORE]);
  if (config.attachments !== undefined) {
    const { bucket, settings } = config.attachments;
    const storage = new S3ObjectStorage(createS3Client(bucket), { bucket: bucket.bucket });
    container.bind(TOKENS.Attachments).toConstantValue({ storage, settings });
  }
  container.load(notesModule);
  container.bind(NOTES_HANDLER).toResolvedValue(
    (useCases, idempotency) =>
      createNotesLambdaHandler({
        useCases,
        logger,
        appClientIds: config.appClientIds,
        corsOrigins: config.corsOrigins,
        bodyLimitBytes: config.bodyLimitBytes,
        storageBudgetMs: config.storageBudgetMs,
        idempotency,
      }),
    [TOKENS.NotesUseCases, TOKENS.Idempotency],
  );
  return container.get(NOTES_HANDLER);
}
