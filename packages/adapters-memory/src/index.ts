export { SystemClock } from './clock.js';
export { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
export { InMemoryNotesRepository } from './in-memory-notes-repository.js';
export { InMemoryObjectStorage, type Outcome, type Refusal } from './in-memory-object-storage.js';
export { memoryModule } from './memory-module.js';
export { type SystemModuleOptions, systemModule } from './system-module.js';
export { UlidIdGenerator } from './ulid-id-generator.js';
