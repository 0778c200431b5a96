/**
 * The container module of the in-memory storage adapters: notes and idempotency records in
 * this process's memory, lost when it stops and never shared between processes. Each container
 * that loads it gets stores of its own.
 */
import { TOKENS } from '@secure-notes/container';
import { ContainerModule } from 'inversify';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';

/**
 * @example
 * container.load(systemModule({ cursorSecret }), memoryModule, notesModule);
 */
export const memoryModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.NotesRepository).toConstantValue(new InMemoryNotesRepository());
  bind(TOKENS.IdempotencyStore).toConstantValue(new InMemoryIdempotencyStore());
});
