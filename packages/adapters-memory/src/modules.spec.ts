import { notesModule, TOKENS } from '@secure-notes/container';
import { aPrincipal } from '@secure-notes/domain/testing';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { SystemClock } from './clock.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';
import { memoryModule } from './memory-module.js';
import { systemModule } from './system-module.js';
import { UlidIdGenerator } from './ulid-id-generator.js';

const cursorSecret = 's'.repeat(32);

function composed(): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(systemModule({ cursorSecret }), memoryModule, notesModule);
  return container;
}

describe('systemModule and memoryModule', () => {
  it('bind the clock, the ids, the cursor secret and the in-memory stores the use cases run on', async () => {
    // prepare
    const container = composed();
    const owner = aPrincipal();

    // act
    const notes = container.get(TOKENS.NotesUseCases);
    const created = await notes.createNote.execute(owner, { title: 'Composed' });

    // assert
    expect(container.get(TOKENS.Clock)).toBeInstanceOf(SystemClock);
    expect(container.get(TOKENS.IdGenerator)).toBeInstanceOf(UlidIdGenerator);
    expect(container.get(TOKENS.PageCursorSecret)).toBe(cursorSecret);
    expect(container.get(TOKENS.NotesRepository)).toBeInstanceOf(InMemoryNotesRepository);
    expect(container.get(TOKENS.IdempotencyStore)).toBeInstanceOf(InMemoryIdempotencyStore);
    expect(await notes.getNote.execute(owner, created.noteId)).toEqual(created);
  });

  it('give each container stores of its own', async () => {
    // prepare
    const first = composed();
    const second = composed();
    const owner = aPrincipal();

    // act
    const created = await first.get(TOKENS.NotesUseCases).createNote.execute(owner, { title: 'Only in the first' });
    const elsewhere = await second.get(TOKENS.NotesRepository).get(owner.userId, created.noteId);

    // assert
    expect(second.get(TOKENS.NotesRepository)).not.toBe(first.get(TOKENS.NotesRepository));
    expect(elsewhere).toBeUndefined();
  });
});
