/**
 * The composition root of the notes function: read the configuration, load the modules of its
 * choices into one inversify container (the system's clock, ids and cursor secret; DynamoDB;
 * the use cases), and build the middy handler over the use cases. It runs
 * once per Lambda instance, at init (the cold start), never per invocation; a configuration
 * mistake stops the init with a message that names the variable.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { appClientIdsFromEnv } from '@secure-notes/adapters-aws/cognito';
import { dynamoDbModule, dynamoDbStoreConfigFromEnv } from '@secure-notes/adapters-aws/dynamodb';
import { createNotesLambdaHandler, type NotesLambdaHandler } from '@secure-notes/adapters-aws/lambda';
import { systemModule } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { corsOriginsFromEnv, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_STORAGE_BUDGET_MS } from '@secure-notes/http-api';
import { Container } from 'inversify';

type Env = Readonly<Record<string, string | undefined>>;

export interface NotesFunctionConfig {
  readonly store: ReturnType<typeof dynamoDbStoreConfigFromEnv>;
  /** The app clients whose tokens the API accepts (the Cognito authorizer lets any of the pool's through). */
  readonly appClientIds: readonly string[];
  readonly cursorSecret: string;
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
  if (problems.length > 0 || store === undefined || corsOrigins === undefined || appClientIds === undefined) {
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
  // Lambda ends an instance without telling it: nothing here is unbound, the process just stops.
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(systemModule({ cursorSecret: config.cursorSecret }), dynamoDbModule(config.store), notesModule);
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
