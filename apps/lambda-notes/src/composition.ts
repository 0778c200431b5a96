/**
 * The composition root of the notes function: read the configuration, read the page-token
 * secret from Secrets Manager, bind every port to its adapter in one inversify container, and
 * build the middy handler over the use cases. It runs once per Lambda instance, at init (the
 * cold start), never per invocation; a configuration mistake stops the init with a message that
 * names the variable.
 *
 * The secret's value is never in the function's environment, which anyone allowed
 * `lambda:GetFunctionConfiguration` can read: the environment names the secret
 * (`NOTES_CURSOR_SECRET_ID`) and the init reads it with Powertools Parameters, through the SDK,
 * which also reads `AWS_ENDPOINT_URL_SECRETS_MANAGER` (how the local stack points it at its
 * stand-in).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { appClientIdsFromEnv } from '@secure-notes/adapters-aws/cognito';
import {
  createDynamoDbNotesStore,
  type DynamoDbNotesStore,
  dynamoDbStoreConfigFromEnv,
} from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import { SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { corsOriginsFromEnv, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_STORAGE_BUDGET_MS } from '@secure-notes/http-api';
import { Container, type ServiceIdentifier } from 'inversify';

type Env = Readonly<Record<string, string | undefined>>;

const STORE = Symbol.for('secure-notes/DynamoDbNotesStore') as ServiceIdentifier<DynamoDbNotesStore>;
const NOTES_HANDLER = Symbol.for('secure-notes/NotesLambdaHandler') as ServiceIdentifier<NotesLambdaHandler>;

export interface NotesFunctionConfig {
  readonly store: ReturnType<typeof dynamoDbStoreConfigFromEnv>;
  /** The app clients whose tokens the API accepts (the Cognito authorizer lets any of the pool's through). */
  readonly appClientIds: readonly string[];
  /** The Secrets Manager secret (ARN or name) whose string seals page tokens. */
  readonly cursorSecretId: string;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly storageBudgetMs: number;
  readonly logLevel: string;
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
  const cursorSecretId = env.NOTES_CURSOR_SECRET_ID?.trim() ?? '';
  if (cursorSecretId === '') {
    problems.push(
      'NOTES_CURSOR_SECRET_ID must name the Secrets Manager secret (its ARN or name) whose 32+ random characters seal page tokens',
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
  if (problems.length > 0 || store === undefined || corsOrigins === undefined || appClientIds === undefined) {
    throw new Error(
      `The notes function is misconfigured; set these environment variables:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    store,
    appClientIds,
    cursorSecretId,
    corsOrigins,
    bodyLimitBytes,
    storageBudgetMs,
    logLevel: env.LOG_LEVEL?.trim() || 'INFO',
  };
}

/**
 * How long Powertools Parameters keeps the secret it read (its default is 5 s): the init reads
 * it once, and anything that asks again within this time is answered without a call.
 */
export const CURSOR_SECRET_MAX_AGE_SECONDS = 900;

/** Reads a secret's string; Secrets Manager through Powertools Parameters by default. */
export type SecretReader = (secretId: string) => Promise<unknown>;

const readFromSecretsManager: SecretReader = (secretId) =>
  getSecret(secretId, { maxAge: CURSOR_SECRET_MAX_AGE_SECONDS });

/** The page-token secret, read once at init; an error names the variable and the cause, never a value. */
export async function readCursorSecret(secretId: string, read: SecretReader = readFromSecretsManager): Promise<string> {
  let value: unknown;
  try {
    value = await read(secretId);
  } catch (error) {
    throw new Error(
      `The notes function could not read the page-token secret NOTES_CURSOR_SECRET_ID=${secretId} from Secrets Manager: ${(error as Error).message}. Check that it exists and that the function's role may secretsmanager:GetSecretValue on it.`,
      { cause: error },
    );
  }
  if (typeof value !== 'string' || value.length < 32) {
    throw new Error(
      `The page-token secret NOTES_CURSOR_SECRET_ID=${secretId} must hold a string of 32+ random characters`,
    );
  }
  return value;
}

/**
 * Builds the handler from the environment; resolves once the secret has been read.
 *
 * @example
 * export const handler = await composeNotesFunction(process.env);
 */
export async function composeNotesFunction(
  env: Env,
  overrides: { readonly logger?: Logger; readonly readSecret?: SecretReader } = {},
): Promise<NotesLambdaHandler> {
  const config = notesFunctionConfigFromEnv(env);
  const logger =
    overrides.logger ??
    new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || 'secure-notes', logLevel: config.logLevel as 'INFO' });
  // Asked first, so that the call's round trip overlaps the rest of the composition.
  const cursorSecret = readCursorSecret(config.cursorSecretId, overrides.readSecret);
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
  container.bind(STORE).toConstantValue(createDynamoDbNotesStore(config.store));
  container.bind(TOKENS.NotesRepository).toResolvedValue((store: DynamoDbNotesStore) => store.repository, [STORE]);
  container.bind(TOKENS.IdempotencyStore).toResolvedValue((store: DynamoDbNotesStore) => store.idempotency, [STORE]);
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
  container.bind(TOKENS.PageCursorSecret).toConstantValue(await cursorSecret);
  return container.get(NOTES_HANDLER);
}
