/**
 * The injection token of every port and service, one symbol each. `Symbol.for` keys them by
 * name, so two copies of this package in one process still agree. Every injected parameter
 * is named by one of these: nothing relies on `emitDecoratorMetadata`, which esbuild (and so
 * vitest and the Lambda bundles) does not emit.
 */
import type {
  AttachmentsDependencies,
  Clock,
  Idempotency,
  IdempotencyStore,
  IdGenerator,
  NotesRepository,
  NotesUseCases,
  PageCursorCodec,
  TokenVerifier,
} from '@secure-notes/domain';
import type { ServiceIdentifier } from 'inversify';

export const TOKENS = {
  NotesRepository: Symbol.for('secure-notes/NotesRepository') as ServiceIdentifier<NotesRepository>,
  Clock: Symbol.for('secure-notes/Clock') as ServiceIdentifier<Clock>,
  IdGenerator: Symbol.for('secure-notes/IdGenerator') as ServiceIdentifier<IdGenerator>,
  TokenVerifier: Symbol.for('secure-notes/TokenVerifier') as ServiceIdentifier<TokenVerifier>,
  PageCursorCodec: Symbol.for('secure-notes/PageCursorCodec') as ServiceIdentifier<PageCursorCodec>,
  /** The secret that seals list page tokens (`NOTES_CURSOR_SECRET`). */
  PageCursorSecret: Symbol.for('secure-notes/PageCursorSecret') as ServiceIdentifier<string>,
  NotesUseCases: Symbol.for('secure-notes/NotesUseCases') as ServiceIdentifier<NotesUseCases>,
  IdempotencyStore: Symbol.for('secure-notes/IdempotencyStore') as ServiceIdentifier<IdempotencyStore>,
  /** Object storage and the attachment settings; unbound where a deployment has no attachment bucket. */
  Attachments: Symbol.for('secure-notes/Attachments') as ServiceIdentifier<AttachmentsDependencies>,
  /** Safe retries of keyed writes, over whatever store is bound to `IdempotencyStore`. */
  Idempotency: Symbol.for('secure-notes/Idempotency') as ServiceIdentifier<Idempotency>,
} as const;
