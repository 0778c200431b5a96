import { TOKENS } from '@secure-notes/container';
import type { Clock, IdGenerator, NotesRepository, TokenVerifier } from '@secure-notes/domain';
import { ContainerModule } from 'inversify';
import { SystemClock } from './clock.js';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';
import { UlidIdGenerator } from './ulid-id-generator.js';

export interface MemoryAdaptersOptions {
  readonly repository?: NotesRepository;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Bound only when given: production composes a real verifier. */
  readonly tokenVerifier?: TokenVerifier;
}

/** Binds the in-process adapters: an in-memory repository, the system clock and ULIDs by default. */
export function memoryAdaptersModule(options: MemoryAdaptersOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.NotesRepository).toConstantValue(options.repository ?? new InMemoryNotesRepository());
    bind(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
    bind(TOKENS.IdGenerator).toConstantValue(options.ids ?? new UlidIdGenerator());
    if (options.tokenVerifier) bind(TOKENS.TokenVerifier).toConstantValue(options.tokenVerifier);
  });
}
