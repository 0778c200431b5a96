/**
 * Composition for apps that build an inversify container: the Notes API bound under its own
 * token, resolved from the use cases and the token verifier that other modules bind. No
 * decorators and no reflected metadata: every dependency is named by an explicit token.
 */
import { TOKENS } from '@secure-notes/container';
import type { NotesUseCases, TokenVerifier } from '@secure-notes/domain';
import type { Express } from 'express';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { createNotesApi, type NotesApiOptions } from './notes-api.js';

/** The injection token of the Express application. */
export const NOTES_API = Symbol.for('secure-notes/NotesApi') as ServiceIdentifier<Express>;

export type NotesApiModuleOptions = Omit<NotesApiOptions, 'useCases' | 'tokenVerifier'>;

/**
 * Binds `NOTES_API` to `createNotesApi` over `TOKENS.NotesUseCases` and `TOKENS.TokenVerifier`.
 *
 * @example
 * const container = new Container({ defaultScope: 'Singleton' });
 * container.load(notesModule, memoryAdaptersModule({ tokenVerifier }), notesApiModule({ logger: pino() }));
 * container.get(NOTES_API).listen(3000);
 */
export function notesApiModule(options: NotesApiModuleOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(NOTES_API)
      .toResolvedValue(
        (useCases: NotesUseCases, tokenVerifier: TokenVerifier) =>
          createNotesApi({ ...options, useCases, tokenVerifier }),
        [TOKENS.NotesUseCases, TOKENS.TokenVerifier],
      )
      .inSingletonScope();
  });
}
