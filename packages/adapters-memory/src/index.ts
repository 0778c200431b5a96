export { SystemClock } from './clock.js';
export { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
export { InMemoryNotesRepository } from './in-memory-notes-repository.js';
export { UlidIdGenerator } from './ulid-id-generator.js';
