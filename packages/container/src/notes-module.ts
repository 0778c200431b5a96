import {
  type Clock,
  createNotesUseCases,
  type IdGenerator,
  type NotesRepository,
  PageCursorCodec,
} from '@secure-notes/domain';
import { ContainerModule } from 'inversify';
import { TOKENS } from './tokens.js';

/**
 * Binds the use cases over whatever adapters the other modules bind to the ports. Load it
 * with one adapter module per port; the app builds the container once, at start.
 *
 * @example
 * const container = new Container({ defaultScope: 'Singleton' });
 * container.load(notesModule, memoryAdaptersModule());
 * const notes = container.get(TOKENS.NotesUseCases);
 */
export const notesModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PageCursorCodec)
    .toResolvedValue((secret: string) => new PageCursorCodec(secret), [TOKENS.PageCursorSecret])
    .inSingletonScope();
  bind(TOKENS.NotesUseCases)
    .toResolvedValue(
      (repository: NotesRepository, clock: Clock, ids: IdGenerator, cursors: PageCursorCodec) =>
        createNotesUseCases({ repository, clock, ids, cursors }),
      [TOKENS.NotesRepository, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.PageCursorCodec],
    )
    .inSingletonScope();
});
