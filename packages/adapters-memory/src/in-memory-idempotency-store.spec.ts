import { describeIdempotencyStoreContract } from '@secure-notes/domain/testing';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';

describeIdempotencyStoreContract('InMemoryIdempotencyStore', () => new InMemoryIdempotencyStore());
