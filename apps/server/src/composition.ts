/**
 * The composition root of the API server: one inversify container, built once at start, that
 * binds every port to its adapter according to the configuration and the Express application
 * over the use cases. Nothing is resolved per request. Every binding names its dependencies by
 * explicit tokens: nothing relies on reflected decorator metadata.
 */
import {
  CognitoTokenVerifier,
  createDynamoDbNotesStore,
  createS3Client,
  type DynamoDbNotesStore,
  S3ObjectStorage,
} from '@secure-notes/adapters-aws';
import { createNotesApi } from '@secure-notes/adapters-express';
import {
  InMemoryIdempotencyStore,
  InMemoryNotesRepository,
  SystemClock,
  UlidIdGenerator,
} from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import type {
  Idempotency,
  IdempotencyStore,
  NotesRepository,
  NotesUseCases,
  TokenVerifier,
} from '@secure-notes/domain';
import type { Express } from 'express';
import { Container, ContainerModule, type ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';

/** The injection token of the Express application. */
export const NOTES_API = Symbol.for('secure-notes/NotesApi') as ServiceIdentifier<Express>;

export interface Composition {
  readonly app: Express;
  /**
   * The token signing keys, which must be in memory before a token can be verified: one attempt
   * to load them (rejects when the JWKS cannot be loaded; call it again to retry) and where they
   * come from. Absent when the verifier needs none (one passed as `tokenVerifier`).
   */
  readonly signingKeys?: { readonly jwksUri: string; readonly load: () => Promise<void> };
  /** Releases what the container holds (the DynamoDB client's sockets). */
  readonly dispose: () => Promise<void>;
}

export interface ComposeOptions {
  readonly logger: Logger;
  readonly isReady: () => boolean;
  /** Replaces the Cognito verifier (tests that mint their own tokens). */
  readonly tokenVerifier?: TokenVerifier;
}

function storageModule(config: ServerConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (config.store === 'memory') {
      bind(TOKENS.NotesRepository).toConstantValue(new InMemoryNotesRepository());
      bind(TOKENS.IdempotencyStore).toConstantValue(new InMemoryIdempotencyStore());
      return;
    }
    const STORE = Symbol.for('secure-notes/DynamoDbNotesStore') as ServiceIdentifier<DynamoDbNotesStore>;
    bind(STORE)
      .toResolvedValue(() =>
        createDynamoDbNotesStore({
          tableName: config.tableName,
          region: config.region,
          ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
        }),
      )
      .inSingletonScope()
      .onDeactivation((store) => store.close());
    bind(TOKENS.NotesRepository)
      .toResolvedValue((store: DynamoDbNotesStore): NotesRepository => store.repository, [STORE])
      .inSingletonScope();
    bind(TOKENS.IdempotencyStore)
      .toResolvedValue((store: DynamoDbNotesStore): IdempotencyStore => store.idempotency, [STORE])
      .inSingletonScope();
  });
}

/**
 * @example
 * const { app, signingKeys } = composeServer(loadConfig(process.env), { logger, isReady: () => true });
 * await signingKeys?.load();
 * app.listen(3000);
 */
export function composeServer(config: ServerConfig, options: ComposeOptions): Composition {
  const container = new Container({ defaultScope: 'Singleton' });
  const verifier =
    options.tokenVerifier ??
    // The pool's region comes from its id; the table may live in another region.
    new CognitoTokenVerifier(config.cognito);
  container.bind(TOKENS.PageCursorSecret).toConstantValue(config.cursorSecret);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
  container.bind(TOKENS.TokenVerifier).toConstantValue(verifier);
  container.load(notesModule, storageModule(config));
  // Object storage is independent of the notes store: the bucket's settings alone decide.
  if (config.attachments !== undefined) {
    const { bucket, settings } = config.attachments;
    const client = createS3Client(bucket);
    container
      .bind(TOKENS.Attachments)
      .toConstantValue({ storage: new S3ObjectStorage(client, { bucket: bucket.bucket }), settings })
      .onDeactivation(() => client.destroy());
  }
  container
    .bind(NOTES_API)
    .toResolvedValue(
      (useCases: NotesUseCases, tokenVerifier: TokenVerifier, idempotency: Idempotency) =>
        createNotesApi({
          useCases,
          tokenVerifier,
          idempotency,
          logger: options.logger,
          corsOrigins: config.corsOrigins,
          bodyLimitBytes: config.bodyLimitBytes,
          storageBudgetMs: config.storageBudgetMs,
          rateLimits: config.rateLimits,
          trustProxy: config.trustProxy,
          isReady: options.isReady,
        }),
      [TOKENS.NotesUseCases, TOKENS.TokenVerifier, TOKENS.Idempotency],
    )
    .inSingletonScope();
  return {
    app: container.get(NOTES_API),
    ...(verifier instanceof CognitoTokenVerifier
      ? { signingKeys: { jwksUri: verifier.jwksUri, load: () => verifier.hydrate() } }
      : {}),
    dispose: () => container.unbindAllAsync(),
  };
}
