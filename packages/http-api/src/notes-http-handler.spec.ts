import { InMemoryNotesRepository, SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { createNotesUseCases, PageCursorCodec, type Principal, UnauthenticatedError } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { createNotesHttpHandler, type NotesHttpRequest } from './notes-http-handler.js';
import { MAX_PAGE_PROXY_BYTES, proxyBodyBytes } from './page-budget.js';
import { NOTES_ROUTE_BY_ID, type NotesRouteId } from './routes.js';

const alice: Principal = { userId: 'alice-sub', groups: [], scopes: [], tokenUse: 'id' };
const reader: Principal = { userId: 'reader-sub', groups: [], scopes: ['notes/read'], tokenUse: 'access' };

function subject() {
  const useCases = createNotesUseCases({
    repository: new InMemoryNotesRepository(),
    clock: new SystemClock(),
    ids: new UlidIdGenerator(),
    cursors: new PageCursorCodec('s'.repeat(32)),
  });
  return createNotesHttpHandler(useCases);
}

function request(id: NotesRouteId, overrides: Partial<NotesHttpRequest> = {}): NotesHttpRequest {
  return {
    route: NOTES_ROUTE_BY_ID[id],
    principal: alice,
    param: () => undefined,
    query: () => undefined,
    header: () => undefined,
    body: () => undefined,
    basePath: '',
    ...overrides,
  };
}

describe('createNotesHttpHandler', () => {
  it('answers a create with the note, its ETag, a Location under the base path, and no-store', async () => {
    const handle = subject();

    const response = await handle(request('createNote', { body: () => ({ title: 'T' }), basePath: '/dev' }));

    const note = JSON.parse(response.body) as { noteId: string; title: string };
    expect(response.statusCode).toBe(201);
    expect(note.title).toBe('T');
    expect(response.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ETag: '"1"',
      Location: `/dev/notes/${note.noteId}`,
    });
  });

  it('checks the route’s kind of access before it reads the body or If-Match', async () => {
    const handle = subject();
    let bodyRead = false;
    let headersRead = false;

    const updating = handle(
      request('updateNote', {
        principal: reader,
        param: () => '01JDQ4ZK8G6Y4M3XWQY9T2V7AB',
        body: () => {
          bodyRead = true;
          return { title: 'x' };
        },
        header: () => {
          headersRead = true;
          return 'W/"1"';
        },
      }),
    );

    await expect(updating).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(bodyRead).toBe(false);
    expect(headersRead).toBe(false);
  });

  it('answers a delete with 204 and no body', async () => {
    const handle = subject();
    const created = JSON.parse((await handle(request('createNote'))).body) as { noteId: string };

    const response = await handle(request('deleteNote', { param: () => created.noteId }));

    expect(response).toEqual({ statusCode: 204, headers: { 'Cache-Control': 'no-store' }, body: '' });
  });

  it('ends a listing page before it would outgrow a Lambda proxy result, for every runtime, and the next page goes on', async () => {
    const handle = subject();
    for (let i = 0; i < 14; i += 1) {
      await handle(request('createNote', { body: () => ({ title: `quotes ${i}`, content: '"'.repeat(150_000) }) }));
    }
    const list = (nextToken?: string) =>
      handle(
        request('listNotes', {
          query: (name) => (name === 'nextToken' ? nextToken : name === 'limit' ? '20' : undefined),
        }),
      );

    const first = JSON.parse((await list()).body) as { notes: { noteId: string }[]; count: number; nextToken?: string };
    const second = JSON.parse((await list(first.nextToken)).body) as {
      notes: { noteId: string }[];
      nextToken?: string;
    };

    expect(first.count).toBeLessThan(14);
    expect(proxyBodyBytes(first)).toBeLessThanOrEqual(MAX_PAGE_PROXY_BYTES + 1024);
    expect(first.notes.length + second.notes.length).toBe(14);
    expect(new Set([...first.notes, ...second.notes].map((note) => note.noteId)).size).toBe(14);
    expect(second.nextToken).toBeUndefined();
  });
});
