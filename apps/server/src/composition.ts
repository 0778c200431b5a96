/**
 * The composition root: one inversify container, built once at start, that binds every port
 * to its adapter according to the configuration. Nothing is resolved per request.
 */
import { CognitoTokenVerifier, cognitoModule, dynamoDbModule } from '@secure-notes/adapters-aws';
import { NOTES_API, notesApiModule } from '@secure-notes/adapters-express';
import { InMemoryNotesRepository, SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import type { TokenVerifier } from '@secure-notes/domain';
import type { Express } from 'express';
import { Container, ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';

export interface Composition {
  readonly app: Express;
  /** Loads what must be in memory before the first request (the token signing keys). */
  readonly prepare: () => Promise<void>;
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
  if (config.store === 'memory') {
    return new ContainerModule(({ bind }) => {
      bind(TOKENS.NotesRepository).toConstantValue(new InMemoryNotesRepository());
    });
  }
  return dynamoDbModule({
    tableName: config.tableName,
    region: config.region,
    ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
  });
}

/**
 * @example
 * const { app, prepare } = composeServer(loadConfig(process.env), { logger, isReady: () => true });
 * await prepare();
 * app.listen(3000);
 */
export function composeServer(config: ServerConfig, options: ComposeOptions): Composition {
  const container = new Container({ defaultScope: 'Singleton' });
  const verifier =
    options.tokenVerifier ??
    new CognitoTokenVerifier({
      // The pool's region comes from its id; the table may live in another region.
      userPoolId: config.cognito.userPoolId,
      clientIds: config.cognito.clientIds,
      ...(config.cognito.issuer === undefined ? {} : { issuer: config.cognito.issuer }),
      ...(config.cognito.jwksUri === undefined ? {} : { jwksUri: config.cognito.jwksUri }),
    });
  container.bind(TOKENS.PageCursorSecret).toConstantValue(config.cursorSecret);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
  container.load(
    notesModule,
    storageModule(config),
    verifier instanceof CognitoTokenVerifier
      ? cognitoModule(verifier)
      : new ContainerModule(({ bind }) => {
          bind(TOKENS.TokenVerifier).toConstantValue(verifier);
        }),
    notesApiModule({
      logger: options.logger,
      corsOrigins: config.corsOrigins,
      bodyLimitBytes: config.bodyLimitBytes,
      isReady: options.isReady,
    }),
  );
  return {
    app: container.get(NOTES_API),
    prepare: async () => {
      if (verifier instanceof CognitoTokenVerifier) await verifier.hydrate();
    },
    dispose: () => container.unbindAllAsync(),
  };
}
