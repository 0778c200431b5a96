/**
 * The composition root of the notes function: read the configuration, read the page-token
 * secret from Secrets Manager, load the modules of its choices into one inversify container (the
 * system's clock, ids and cursor secret; DynamoDB; the attachments' bucket where one is
 * named; the use cases), and build the middy handler
 * over the use cases. It runs once per Lambda instance, at init (the cold start), never per
 * invocation; a configuration mistake stops the init with a message that names the variable.
 * The one part left for later is the S3 client of attachments: `s3AttachmentsModule` loads it
 * (a chunk of its own in the bundle) on the first request that uses the bucket, so that the
 * init of an instance that serves none never parses it.
 *
 * The secret's value is never in the function's environment, which anyone allowed
 * `lambda:GetFunctionConfiguration` can read: the environment names the secret
 * (`NOTES_CURSOR_SECRET_ID`) and the init reads it with Powertools Parameters, through the SDK,
 * which also reads `AWS_ENDPOINT_URL_SECRETS_MANAGER` (how the local stack points it at its
 * stand-in).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { dynamoDbModule } from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import { s3AttachmentsModule } from '@secure-notes/adapters-aws/s3';
import { systemModule } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { MIN_CURSOR_SECRET_LENGTH } from '@secure-notes/http-api';
import { Container } from 'inversify';
import { notesFunctionConfigFromEnv } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

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
  if (typeof value !== 'string' || value.length < MIN_CURSOR_SECRET_LENGTH) {
    throw new Error(
      `The page-token secret NOTES_CURSOR_SECRET_ID=${secretId} must hold a string of ${MIN_CURSOR_SECRET_LENGTH}+ random characters`,
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
  // Asked first, so that the call's round trip overlaps the rest of the composition.
  const cursorSecret = readCursorSecret(config.cursorSecretId, overrides.readSecret);
  const logger =
    overrides.logger ?? new Logger({ serviceName: config.serviceName, logLevel: config.powertoolsLogLevel });
  // Lambda ends an instance without telling it: nothing here is unbound, the process just stops.
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(systemModule({ cursorSecret: await cursorSecret }), dynamoDbModule(config.store), notesModule);
  if (config.attachments !== undefined) container.load(s3AttachmentsModule(config.attachments));
  return createNotesLambdaHandler({
    useCases: container.get(TOKENS.NotesUseCases),
    idempotency: container.get(TOKENS.Idempotency),
    logger,
    appClientIds: config.appClientIds,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    storageBudgetMs: config.storageBudgetMs,
  });
}
