/**
 * The container module every app loads alike, whatever its storage: the system clock, ULID note
 * ids and the page cursor secret, bound to the container package's tokens. Beside the adapters
 * it binds, so a composition root names its choices
 * (`container.load(systemModule({ cursorSecret }), memoryModule, notesModule)`) instead of
 * repeating bindings.
 */
import { TOKENS } from '@secure-notes/container';
import { ContainerModule } from 'inversify';
import { SystemClock } from './clock.js';
import { UlidIdGenerator } from './ulid-id-generator.js';

export interface SystemModuleOptions {
  /** The secret that seals list page tokens (`NOTES_CURSOR_SECRET`), the same on every instance. */
  readonly cursorSecret: string;
}

/**
 * What every app binds alike, whatever its storage: the system clock, ULID note ids and the
 * page cursor secret.
 *
 * @example
 * container.load(systemModule({ cursorSecret: config.cursorSecret }), memoryModule, notesModule);
 */
export function systemModule({ cursorSecret }: SystemModuleOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Clock).toConstantValue(new SystemClock());
    bind(TOKENS.IdGenerator).toConstantValue(new UlidIdGenerator());
    bind(TOKENS.PageCursorSecret).toConstantValue(cursorSecret);
  });
}
