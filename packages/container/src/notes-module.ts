import {
  type AttachmentsDependencies,
  type Clock,
  createNotesUseCases,
  Idempotency,
  type IdempotencyStore,
  type IdGenerator,
  type NotesRepository,
  PageCursorCodec,
} from '@secure-notes/domain';
import { ContainerModule } from 'inversify';
import { TOKENS } from './tokens.js';

/**
 * Binds the use cases, and safe retries (`TOKENS.Idempotency`), over whatever adapters the other
 * modules bind to the ports: the system module and a storage module, which live beside their
 * adapters (`systemModule` and `memoryModule` in adapters-memory, `dynamoDbModule` in
 * adapters-aws); attachments work where `TOKENS.Attachments` is bound. The app builds the container once, at start. Inversify resolves `Idempotency`
 * only when asked for, so an app without retries need not bind `TOKENS.IdempotencyStore`.
 *
 * @example
 * const container = new Container({ defaultScope: 'Singleton' });
 * container.load(systemModule({ cursorSecret }), memoryModule, notesModule);
 * const notes = container.get(TOKENS.NotesUseCases);
 */
export const notesModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PageCursorCodec)
    .toResolvedValue((secret: string) => new PageCursorCodec(secret), [TOKENS.PageCursorSecret])
    .inSingletonScope();
  bind(TOKENS.NotesUseCases)
    .toResolvedValue(
      (
        repository: NotesRepository,
        clock: Clock,
        ids: IdGenerator,
        cursors: PageCursorCodec,
        attachments: AttachmentsDependencies | undefined,
      ) =>
        createNotesUseCases({
          repository,
          clock,
          ids,
          cursors,
          ...(attachments === undefined ? {} : { attachments }),
        }),
      [
        TOKENS.NotesRepository,
        TOKENS.Clock,
        TOKENS.IdGenerator,
        TOKENS.PageCursorCodec,
        { serviceIdentifier: TOKENS.Attachments, optional: true },
      ],
    )
    .inSingletonScope();
  bind(TOKENS.Idempotency)
    .toResolvedValue(
      (store: IdempotencyStore, clock: Clock, ids: IdGenerator) => new Idempotency(store, clock, ids),
      [TOKENS.IdempotencyStore, TOKENS.Clock, TOKENS.IdGenerator],
    )
    .inSingletonScope();
});
