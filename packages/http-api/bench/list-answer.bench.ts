/**
 * What one page of the notes listing costs in the process, before any transport: the contract's
 * handler answering `GET /notes?limit=20` over the memory store with 25 notes (the baseline: the
 * use case, the store's page, the next-page token and the JSON), next to each of those parts
 * alone. The HTTP bench's list target leaves the API about 10 µs of work per request above the
 * floor on a 2-core machine (`node bench/ab.ts --route list-notes --floor-work 10`); this shows
 * what the page itself takes of it. To run it once:
 *   pnpm exec vitest bench --run packages/http-api/bench/list-answer.bench.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { InMemoryNotesRepository, SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { createNotesUseCases, PageCursorCodec, type Principal } from '@secure-notes/domain';
import { beforeAll, test } from 'vitest';
import { createNotesHttpHandler, type NotesHttpRequest } from '../src/notes-http-handler.js';
import { NOTES_ROUTE_BY_ID } from '../src/routes.js';

const owner: Principal = { userId: randomUUID(), groups: [], scopes: [], tokenUse: 'id' };
const repository = new InMemoryNotesRepository();
const cursors = new PageCursorCodec(randomBytes(32).toString('hex'));
const useCases = createNotesUseCases({ repository, clock: new SystemClock(), ids: new UlidIdGenerator(), cursors });
const handle = createNotesHttpHandler(useCases);
const listRequest: NotesHttpRequest = {
  route: NOTES_ROUTE_BY_ID.listNotes,
  principal: owner,
  param: () => undefined,
  query: (name) => (name === 'limit' ? '20' : undefined),
  header: () => undefined,
  body: () => undefined,
  basePath: '',
};
let page: unknown;
let lastNoteId = '';

beforeAll(async () => {
  // The notes the HTTP bench seeds.
  for (let i = 0; i < 25; i += 1) {
    await useCases.createNote.execute(owner, { title: `Seeded note ${i}`, content: `Seeded content ${i}` });
  }
  const answer = await handle(listRequest);
  if (answer.statusCode !== 200) throw new Error(`the listing answered ${answer.statusCode}`);
  page = JSON.parse(answer.body);
  const { notes, nextToken } = page as { notes: { noteId: string }[]; nextToken?: string };
  if (notes.length !== 20 || nextToken === undefined) throw new Error('the listing is not a full page with a next one');
  lastNoteId = notes.at(-1)?.noteId ?? '';
});

test('a page of 20 notes: the whole answer vs its parts', async ({ bench }) => {
  await bench.compare(
    bench('the whole answer: use case, store, token and JSON (baseline)', async () => {
      await handle(listRequest);
    }),
    bench('the JSON of the page', () => {
      JSON.stringify(page);
    }),
    bench('the next-page token (HMAC-SHA256)', () => {
      cursors.encode(owner.userId, lastNoteId);
    }),
    bench("the memory store's page of 20", async () => {
      await repository.list(owner.userId, { limit: 21 });
    }),
    { time: 500 },
  );
});
