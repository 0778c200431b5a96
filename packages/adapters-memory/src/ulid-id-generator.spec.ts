import { isNoteId } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { UlidIdGenerator } from './ulid-id-generator.js';

describe('UlidIdGenerator', () => {
  it('makes valid note ids that sort in the order they were made', () => {
    const ids = new UlidIdGenerator();

    const made = Array.from({ length: 1000 }, () => ids.next());

    expect(made.every(isNoteId)).toBe(true);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});
