export { ManualClock, SystemClock } from './clock.js';
export { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
export { InMemoryNotesRepository } from './in-memory-notes-repository.js';
export { InMemoryObjectStorage, type Outcome, type Refusal } from './in-memory-object-storage.js';
export { StaticTokenVerifier } from './static-token-verifier.js';
export { UlidIdGenerator } from './ulid-id-generator.js';
