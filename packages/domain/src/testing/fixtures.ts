/**
 * Test helpers shared by every package's tests: principals, notes and ids that are fresh in
 * every call, so that no two tests share mutable state.
 */
import { randomUUID } from 'node:crypto';
import type { Note } from '../note.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Principal } from '../principal.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function crockford(value: bigint, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out = CROCKFORD[Number(rest % 32n)] + out;
    rest /= 32n;
  }
  return out;
}

/**
 * Ids in the server's format (ULID: 48-bit time, then 80 bits) that grow strictly with every
 * call, from a random starting point so that two generators never collide.
 */
export function sequentialIds(startTime = Date.now()): IdGenerator {
  let counter = BigInt(`0x${randomUUID().replaceAll('-', '').slice(0, 16)}`) >> 1n;
  return {
    next() {
      counter += 1n;
      return crockford(BigInt(startTime), 10) + crockford(counter, 16);
    },
  };
}

/** A clock that always tells the same time. */
export function fixedClock(at: Date | string = '2026-01-01T00:00:00.000Z'): Clock {
  const time = new Date(at).getTime();
  return { now: () => new Date(time) };
}

export function aUserId(): string {
  return randomUUID();
}

export function aPrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    userId: aUserId(),
    email: 'someone@example.com',
    groups: [],
    scopes: [],
    tokenUse: 'id',
    ...overrides,
  };
}

export function aNote(overrides: Partial<Note> & Pick<Note, 'userId' | 'noteId'>): Note {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    title: 'A title',
    content: 'Some content',
    createdAt: at,
    updatedAt: at,
    version: 1,
    attachments: [],
    ...overrides,
  };
}
