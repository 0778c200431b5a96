import { aNote, aUserId, describeNotesRepositoryContract } from '@secure-notes/domain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';

describeNotesRepositoryContract('InMemoryNotesRepository', () => new InMemoryNotesRepository());

describe('InMemoryNotesRepository listing', () => {
  // The repository keeps each owner's ids sorted as notes come and go, rather than sorting them
  // for every page. Ids here come in any order (imported or legacy notes), not only as ULIDs do.
  const noteId = fc.stringMatching(/^[0-9A-Z]{1,4}$/);
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), noteId }),
    fc.record({ kind: fc.constant('delete' as const), noteId }),
  );

  it('pages through exactly the notes a sorted model holds, newest id first, whatever the order of creates and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (operations, limit) => {
          const repository = new InMemoryNotesRepository();
          const owner = aUserId();
          const model = new Set<string>();
          for (const { kind, noteId: id } of operations) {
            if (kind === 'create' && !model.has(id)) {
              await repository.create(aNote({ userId: owner, noteId: id }));
              model.add(id);
            } else if (kind === 'delete' && model.has(id)) {
              await repository.delete(owner, id);
              model.delete(id);
            }
          }

          const listed: string[] = [];
          let startAfter: string | undefined;
          for (;;) {
            const page = await repository.list(owner, startAfter === undefined ? { limit } : { limit, startAfter });
            expect(page.notes.length).toBeLessThanOrEqual(limit);
            listed.push(...page.notes.map((note) => note.noteId));
            if (page.lastNoteId === undefined) break;
            expect(page.lastNoteId).toBe(page.notes.at(-1)?.noteId);
            startAfter = page.lastNoteId;
          }

          expect(listed).toEqual([...model].sort().reverse());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('continues after a note that was deleted since the page that named it', async () => {
    const repository = new InMemoryNotesRepository();
    const owner = aUserId();
    for (const id of ['A', 'B', 'C', 'D']) await repository.create(aNote({ userId: owner, noteId: id }));

    const first = await repository.list(owner, { limit: 2 });
    await repository.delete(owner, 'C');
    const second = await repository.list(owner, { limit: 2, startAfter: first.lastNoteId as string });

    expect(first.notes.map((note) => note.noteId)).toEqual(['D', 'C']);
    expect(second.notes.map((note) => note.noteId)).toEqual(['B', 'A']);
    expect(second.lastNoteId).toBeUndefined();
  });
});
