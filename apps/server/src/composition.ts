/**
 * The composition root of the API server: one inversify container, built once at start from the
 * modules beside the adapters (the system's clock, ids and cursor secret; the storage the
 * configuration chooses; the use cases), and the Express application over the use cases and the
 * token verifier. Nothing is resolved per request. Every binding names its dependencies by
 * explicit tokens: nothing relies on reflected decorator metadata.
 */
import { CognitoTokenVerifier, dynamoDbModule, s3AttachmentsModule } from '@secure-notes/adapters-aws';
import { createNotesApi } from '@secure-notes/adapters-express';
import { memoryModule, systemModule } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import type { TokenVerifier } from '@secure-notes/domain';
import type { Express } from 'express';
import { Container, type ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';

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

/** Where notes are kept: in this process (`NOTES_STORE=memory`) or in a DynamoDB table. */
function storageModule(config: ServerConfig): ContainerModule {
  if (config.store === 'memory') return memoryModule;
  return dynamoDbModule({
    tableName: config.tableName,
    region: config.region,
    ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
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
  container.load(systemModule({ cursorSecret: config.cursorSecret }), storageModule(config), notesModule);
  // Object storage is independent of the notes store: the bucket's settings alone decide.
  if (config.attachments !== undefined) container.load(s3AttachmentsModule(config.attachments));
  // The pool's region comes from its id; the table may live in another region.
  const verifier = options.tokenVerifier ?? new CognitoTokenVerifier(config.cognito);
  const app = createNotesApi({
    useCases: container.get(TOKENS.NotesUseCases),
    tokenVerifier: verifier,
    idempotency: container.get(TOKENS.Idempotency),
    logger: options.logger,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    storageBudgetMs: config.storageBudgetMs,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    isReady: options.isReady,
  });
  return {
    app,
    ...(verifier instanceof CognitoTokenVerifier
      ? { signingKeys: { jwksUri: verifier.jwksUri, load: () => verifier.hydrate() } }
      : {}),
    // Unbinding deactivates the storage module's bindings: the DynamoDB store closes, its client
    // is destroyed and its sockets with it.
    dispose: () => container.unbindAllAsync(),
  };
}
