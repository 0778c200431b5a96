/**
 * The behaviour of api.md as one vitest suite that reaches the API only through a base URL and
 * the users' tokens, so that it runs unchanged against every entrypoint: the Express server over
 * any adapters, the local stack with real tokens from the local Cognito, the Lambda handler
 * behind an API Gateway emulation. Every test makes its own notes; the users are the
 * environment's. Tests run one at a time (vitest's default within a file), and nothing else may
 * write these users' notes while the suite runs: listing tests rely on "newest first".
 *
 * @example
 * describeNotesApiScenarios('Express over memory', async () => {
 *   const server = await startServer();
 *   return { baseUrl: server.url, users: { alice, bob, admin }, tokens, close: () => server.close() };
 * });
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse } from './api-client.js';

/** A user of the environment: a token that authenticates them and their `sub`. */
export interface ScenarioUser {
  /** An ID token of the user pool and app client (or an access token with both notes scopes). */
  readonly token: string;
  /** The token's `sub`: the `userId` of every note the user creates. */
  readonly userId: string;
}

export interface NotesApiScenarioEnvironment {
  /** Where the routes start: `${baseUrl}/notes` is the notes collection. */
  readonly baseUrl: string;
  readonly users: {
    readonly alice: ScenarioUser;
    readonly bob: ScenarioUser;
    /** A member of the `admin` group. */
    readonly admin: ScenarioUser;
  };
  readonly tokens: {
    /** A token that was valid and has expired. */
    readonly expired: string;
    /** An access token whose `scope` has `notes/read` but not `notes/write`. */
    readonly readOnly: string;
    /** An access token whose `scope` has `notes/write` but not `notes/read`; its tests are skipped without it. */
    readonly writeOnly?: string;
    /** An access token with neither notes scope. */
    readonly noScope: string;
  };
  /**
   * Writes a note straight into storage as the seed's Python Lambda did (a UUID `noteId`, no
   * `version`, no `updatedAt`, `createdAt` without a zone), bypassing the API. Its scenario is
   * skipped without it. The suite only gives it the admin user, whose notes no listing
   * scenario reads, so that a UUID's sort position cannot disturb "newest first".
   */
  readonly storeSeedNote?: (item: SeedNoteItem) => Promise<void>;
  /** Called once after the suite. */
  readonly close?: () => Promise<void>;
}

/** An item exactly as the seed's Lambda `create_note` put it. */
export interface SeedNoteItem {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  /** `datetime.utcnow().isoformat()`: UTC, no zone, microseconds, e.g. `2026-04-24T10:00:00.123456`. */
  readonly createdAt: string;
}

export interface NotesApiScenarioOptions {
  /** The body limit the environment enforces; 300 KiB by default, as api.md says. */
  readonly bodyLimitBytes?: number;
}

const TITLE_MAX = 256;
const CONTENT_MAX_BYTES = 256 * 1024;
const PAGE_DEFAULT = 50;
const PAGE_MAX = 100;
const NOTE_KEYS = ['content', 'createdAt', 'noteId', 'title', 'updatedAt', 'userId', 'version'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const JSON_TYPE = /^application\/json; ?charset=utf-8$/i;
const UNAUTHORIZED = { message: 'Unauthorized' };
const EXPIRED = { message: 'The incoming token has expired' };
const NOTE_NOT_FOUND = { error: 'Note not found' };
const VERSION_MISMATCH = { error: 'Version mismatch' };
const INVALID_JSON = { error: 'Invalid JSON body' };
const INVALID_NOTE_IDS = ['not-a-note-id', '12345', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ', `${'a'.repeat(200)}`];

interface NoteBody {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

interface ListingBody {
  readonly notes: NoteBody[];
  readonly count: number;
  readonly nextToken?: string;
}

interface ValidationBody {
  readonly error: string;
  readonly details: { field: string; message: string }[];
}

function marker(): string {
  return `scenario-${randomUUID()}`;
}

/** Status, JSON content type and, when given, the exact body. */
function expectJson(response: ApiResponse, status: number, body?: unknown): void {
  expect(response.status, `the body was: ${response.text.slice(0, 500)}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(JSON_TYPE);
  if (body !== undefined) expect(response.body).toEqual(body);
}

/** An answer to an authenticated caller: never stored by a browser or proxy. */
function expectPrivate(response: ApiResponse): void {
  expect(response.headers.get('cache-control')).toMatch(/no-store/);
}

function expectValidationFailed(response: ApiResponse, ...fields: string[]): ValidationBody {
  expectJson(response, 400);
  const body = response.body as ValidationBody;
  expect(body.error).toBe('Validation failed');
  expect(Array.isArray(body.details) && body.details.length > 0).toBe(true);
  for (const issue of body.details) {
    expect(typeof issue.field).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
  }
  for (const field of fields) expect(body.details.map((d) => d.field)).toContain(field);
  return body;
}

function expectNote(value: unknown, owner: string): NoteBody {
  const note = value as NoteBody;
  expect(Object.keys(note).sort()).toEqual(NOTE_KEYS);
  expect(note.userId).toBe(owner);
  expect(typeof note.noteId).toBe('string');
  expect(note.noteId.length).toBeGreaterThan(0);
  expect(typeof note.title).toBe('string');
  expect(typeof note.content).toBe('string');
  expect(note.createdAt).toMatch(ISO_UTC);
  expect(note.updatedAt).toMatch(ISO_UTC);
  expect(Number.isInteger(note.version) && note.version >= 1).toBe(true);
  return note;
}

function expectListing(response: ApiResponse, owner: string): ListingBody {
  expectJson(response, 200);
  expectPrivate(response);
  const listing = response.body as ListingBody;
  const keys = Object.keys(listing).sort();
  expect(keys).toEqual(listing.nextToken === undefined ? ['count', 'notes'] : ['count', 'nextToken', 'notes']);
  expect(Array.isArray(listing.notes)).toBe(true);
  expect(listing.count).toBe(listing.notes.length);
  if (listing.nextToken !== undefined) expect(typeof listing.nextToken).toBe('string');
  for (const note of listing.notes) expectNote(note, owner);
  return listing;
}

/** The same token with one character changed in the middle, where every bit counts. */
function altered(token: string): string {
  const alphabet = /[A-Za-z0-9]/;
  for (let offset = 0; offset < token.length; offset += 1) {
    const i = Math.floor(token.length / 2) + offset;
    const c = token[i];
    if (c !== undefined && alphabet.test(c) && alphabet.test(token[i + 1] ?? '')) {
      return `${token.slice(0, i)}${c === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    }
  }
  return `${token}A`;
}

/**
 * Registers the scenarios of api.md under `describe(name)`. `setup` runs once, before them.
 *
 * @example
 * describeNotesApiScenarios('Express over memory', () => startExpressOverMemory());
 */
export function describeNotesApiScenarios(
  name: string,
  setup: () => Promise<NotesApiScenarioEnvironment>,
  options: NotesApiScenarioOptions = {},
): void {
  const bodyLimit = options.bodyLimitBytes ?? 300 * 1024;
  let environment: NotesApiScenarioEnvironment | undefined;
  let client: ApiClient | undefined;

  const env = (): NotesApiScenarioEnvironment => {
    if (!environment) throw new Error('the scenario environment is not set up');
    return environment;
  };
  const api = (): ApiClient => {
    if (!client) throw new Error('the scenario environment is not set up');
    return client;
  };
  const alice = () => env().users.alice;
  const bob = () => env().users.bob;
  const admin = () => env().users.admin;

  async function createNote(user: ScenarioUser, fields: Record<string, unknown> = {}): Promise<NoteBody> {
    const response = await api().post('/notes', { token: user.token, json: { title: marker(), ...fields } });
    expectJson(response, 201);
    return expectNote(response.body, user.userId);
  }

  async function getNote(user: ScenarioUser, noteId: string): Promise<ApiResponse> {
    return api().get(`/notes/${encodeURIComponent(noteId)}`, { token: user.token });
  }

  /** A note id in the server's format that names no note: one created and deleted again. */
  async function goneNoteId(user: ScenarioUser): Promise<string> {
    const note = await createNote(user);
    const deleted = await api().delete(`/notes/${note.noteId}`, { token: user.token });
    expect(deleted.status).toBe(204);
    return note.noteId;
  }

  /** Every note of the user, walking the pages to the end. */
  async function allNotes(user: ScenarioUser, limit = PAGE_MAX): Promise<NoteBody[]> {
    const notes: NoteBody[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const query = new URLSearchParams({ limit: String(limit), ...(nextToken ? { nextToken } : {}) });
      const listing = expectListing(await api().get(`/notes?${query}`, { token: user.token }), user.userId);
      notes.push(...listing.notes);
      nextToken = listing.nextToken;
      if (nextToken === undefined) return notes;
    }
    throw new Error('more than 1000 pages: the listing never ends');
  }

  /** Nothing the user owns mentions `text` in its title or content. */
  async function expectNothingStored(user: ScenarioUser, text: string): Promise<void> {
    const mentions = (await allNotes(user)).filter((n) => n.title.includes(text) || n.content.includes(text));
    expect(mentions).toEqual([]);
  }

  describe(name, () => {
    beforeAll(async () => {
      environment = await setup();
      client = new ApiClient(environment.baseUrl);
    });

    afterAll(async () => {
      await environment?.close?.();
    });

    describe("the seed tutorial's Part VII", () => {
      it('Test One: a request without a token is refused with the seed message', async () => {
        const response = await api().post('/notes', {
          contentType: 'application/json',
          body: '{"title": "My first note", "content": "Hello world"}',
        });

        expectJson(response, 401, UNAUTHORIZED);
      });

      it("Test Two: curl -d with a raw ID token creates the note under the token's sub", async () => {
        const response = await api().post('/notes', {
          token: alice().token,
          contentType: 'application/x-www-form-urlencoded',
          body: '{"title": "My first note", "content": "Hello world"}',
        });

        expectJson(response, 201);
        const note = expectNote(response.body, alice().userId);
        expect(note).toMatchObject({ userId: alice().userId, title: 'My first note', content: 'Hello world' });
      });

      it("Test Three: the list holds only the caller's notes", async () => {
        const mine = await createNote(alice());

        const response = await api().get('/notes', { token: alice().token });

        const listing = expectListing(response, alice().userId);
        expect(listing.notes.map((n) => n.noteId)).toContain(mine.noteId);
      });

      it('Test Four: an invalid token is refused with the seed message', async () => {
        const response = await api().get('/notes', { authorization: 'invalid.token.here' });

        expectJson(response, 401, UNAUTHORIZED);
      });
    });

    describe('authentication', () => {
      const routes = (noteId: string, userId: string): [string, string][] => [
        ['GET', '/notes'],
        ['POST', '/notes'],
        ['GET', `/notes/${noteId}`],
        ['PATCH', `/notes/${noteId}`],
        ['DELETE', `/notes/${noteId}`],
        ['GET', `/admin/users/${userId}/notes`],
      ];

      /** A body for the methods that take one. */
      const change = (method: string) =>
        method === 'POST' || method === 'PATCH' ? { json: { title: 'changed' } } : {};

      it('refuses every route without a token, and changes nothing', async () => {
        const note = await createNote(alice());

        const responses = await Promise.all(
          routes(note.noteId, alice().userId).map(([method, path]) => api().request(method, path, change(method))),
        );

        for (const response of responses) expectJson(response, 401, UNAUTHORIZED);
        const after = await getNote(alice(), note.noteId);
        expect(after.body).toEqual(note);
      });

      it('refuses every route with a garbage token', async () => {
        const note = await createNote(alice());
        const garbage = [
          'invalid.token.here',
          'Bearer invalid.token.here',
          'Bearer ',
          'Basic YWxpY2U6c2VjcmV0',
          'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
          `${alice().token}x`,
        ];

        for (const authorization of garbage) {
          for (const [method, path] of routes(note.noteId, alice().userId)) {
            const response = await api().request(method, path, { authorization, ...change(method) });
            expectJson(response, 401, UNAUTHORIZED);
          }
        }
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('accepts the token raw and as a Bearer token', async () => {
        const raw = await api().get('/notes?limit=1', { authorization: alice().token });
        const bearer = await api().get('/notes?limit=1', { authorization: `Bearer ${alice().token}` });

        expectListing(raw, alice().userId);
        expectListing(bearer, alice().userId);
      });

      it('says when the token has expired, on reads and on writes', async () => {
        const read = await api().get('/notes', { token: env().tokens.expired });
        const write = await api().post('/notes', { token: env().tokens.expired, json: { title: marker() } });
        const bearer = await api().get('/notes', { authorization: `Bearer ${env().tokens.expired}` });

        expectJson(read, 401, EXPIRED);
        expectJson(write, 401, EXPIRED);
        expectJson(bearer, 401, EXPIRED);
      });

      it('lets an access token with notes/read read, and nothing else', async () => {
        const { readOnly } = env().tokens;
        const missing = await goneNoteId(alice());

        const list = await api().get('/notes', { token: readOnly });
        const get = await api().get(`/notes/${missing}`, { token: readOnly });
        const create = await api().post('/notes', { token: readOnly, json: { title: marker() } });
        const update = await api().patch(`/notes/${missing}`, { token: readOnly, json: { title: 'x' } });
        const remove = await api().delete(`/notes/${missing}`, { token: readOnly });

        expect(list.status).toBe(200);
        expectJson(get, 404, NOTE_NOT_FOUND);
        expectJson(create, 401, UNAUTHORIZED);
        expectJson(update, 401, UNAUTHORIZED);
        expectJson(remove, 401, UNAUTHORIZED);
      });

      it('refuses a token without the scope before reading the body or If-Match, as API Gateway does', async () => {
        const { readOnly } = env().tokens;
        const missing = await goneNoteId(alice());

        const badJson = await api().post('/notes', { token: readOnly, body: '{bad' });
        const tooLarge = await api().post('/notes', { token: readOnly, body: 'x'.repeat(400 * 1024) });
        const badIfMatch = await api().patch(`/notes/${missing}`, {
          token: readOnly,
          json: { title: 'x' },
          headers: { 'If-Match': 'W/"1"' },
        });

        expectJson(badJson, 401, UNAUTHORIZED);
        expectJson(tooLarge, 401, UNAUTHORIZED);
        expectJson(badIfMatch, 401, UNAUTHORIZED);
      });

      it('lets an access token with notes/write write, and not read', async (context) => {
        const { writeOnly } = env().tokens;
        if (writeOnly === undefined) {
          context.skip('this environment has no write-only access token');
          return;
        }

        const create = await api().post('/notes', { token: writeOnly, json: { title: marker() } });
        const list = await api().get('/notes', { token: writeOnly });

        expectJson(create, 201);
        expectJson(list, 401, UNAUTHORIZED);
      });

      it('refuses an access token without a notes scope', async () => {
        const { noScope } = env().tokens;
        const title = marker();

        const list = await api().get('/notes', { token: noScope });
        const create = await api().post('/notes', { token: noScope, json: { title } });
        const admin = await api().get(`/admin/users/${alice().userId}/notes`, { token: noScope });

        expectJson(list, 401, UNAUTHORIZED);
        expectJson(create, 401, UNAUTHORIZED);
        expectJson(admin, 401, UNAUTHORIZED);
      });
    });

    describe('POST /notes', () => {
      it('creates the note under the caller, with its location, ETag and version 1', async () => {
        const title = marker();

        const response = await api().post('/notes', {
          token: alice().token,
          json: { title, content: 'Buy milk' },
        });

        expectJson(response, 201);
        expectPrivate(response);
        const note = expectNote(response.body, alice().userId);
        expect(note).toMatchObject({ title, content: 'Buy milk', version: 1 });
        expect(note.updatedAt).toBe(note.createdAt);
        expect(response.headers.get('etag')).toBe('"1"');
        expect(response.headers.get('location')).toMatch(new RegExp(`(^|/)notes/${note.noteId}$`));
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('makes an "Untitled" note with empty content when the body is absent or empty', async () => {
        const absent = await api().post('/notes', { token: alice().token });
        const empty = await api().post('/notes', { token: alice().token, json: {} });

        for (const response of [absent, empty]) {
          expectJson(response, 201);
          expect(expectNote(response.body, alice().userId)).toMatchObject({ title: 'Untitled', content: '' });
        }
      });

      it('defaults only the field that is missing', async () => {
        const title = marker();

        const titled = await api().post('/notes', { token: alice().token, json: { title } });
        const contented = await api().post('/notes', { token: alice().token, json: { content: 'Only content' } });

        expect(titled.body).toMatchObject({ title, content: '' });
        expect(contented.body).toMatchObject({ title: 'Untitled', content: 'Only content' });
      });

      it('reads the body as JSON whatever the Content-Type says', async () => {
        for (const contentType of [
          'application/json',
          'application/json; charset=utf-8',
          'application/x-www-form-urlencoded',
          'text/plain',
          null,
        ]) {
          const title = marker();

          const response = await api().post('/notes', {
            token: alice().token,
            contentType,
            body: JSON.stringify({ title, content: 'é ✓ 😀' }),
          });

          expectJson(response, 201);
          expect(response.body, String(contentType)).toMatchObject({ title, content: 'é ✓ 😀' });
        }
      });

      it('gives every note its own id, and ids that sort by creation', async () => {
        const first = await createNote(alice());
        const second = await createNote(alice());

        expect(second.noteId).not.toBe(first.noteId);
        expect(second.noteId > first.noteId).toBe(true);
      });
    });

    describe('GET /notes/{noteId}', () => {
      it('returns the note with its ETag', async () => {
        const note = await createNote(alice(), { content: 'Some content' });

        const response = await getNote(alice(), note.noteId);

        expectJson(response, 200, note);
        expectPrivate(response);
        expect(response.headers.get('etag')).toBe('"1"');
      });

      it('answers 404 for a note that does not exist', async () => {
        const missing = await goneNoteId(alice());

        const gone = await getNote(alice(), missing);
        const uuid = await getNote(alice(), randomUUID());

        expectJson(gone, 404, NOTE_NOT_FOUND);
        expectJson(uuid, 404, NOTE_NOT_FOUND);
        expectPrivate(gone);
      });

      it('answers 404 for a note id in no known format, never a storage error', async () => {
        for (const noteId of INVALID_NOTE_IDS) {
          const response = await getNote(alice(), noteId);

          expectJson(response, 404, NOTE_NOT_FOUND);
        }
      });
    });

    describe('PATCH /notes/{noteId}', () => {
      it('changes only the title, and counts the version up', async () => {
        const note = await createNote(alice(), { content: 'Kept content' });
        const title = marker();

        const response = await api().patch(`/notes/${note.noteId}`, { token: alice().token, json: { title } });

        expectJson(response, 200);
        expectPrivate(response);
        const updated = expectNote(response.body, alice().userId);
        expect(updated).toMatchObject({
          noteId: note.noteId,
          title,
          content: 'Kept content',
          createdAt: note.createdAt,
          version: 2,
        });
        expect(updated.updatedAt >= note.createdAt).toBe(true);
        expect(response.headers.get('etag')).toBe('"2"');
        expect((await getNote(alice(), note.noteId)).body).toEqual(updated);
      });

      it('changes only the content', async () => {
        const note = await createNote(alice(), { content: 'Old' });

        const response = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { content: 'New' },
        });

        expectJson(response, 200);
        expect(response.body).toMatchObject({ title: note.title, content: 'New', version: 2 });
      });

      it('changes both fields at once', async () => {
        const note = await createNote(alice());
        const title = marker();

        const response = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { title, content: 'Both' },
        });

        expect(response.body).toMatchObject({ title, content: 'Both', version: 2 });
      });

      it('needs at least one field, and a body', async () => {
        const note = await createNote(alice());

        const empty = await api().patch(`/notes/${note.noteId}`, { token: alice().token, json: {} });
        const absent = await api().patch(`/notes/${note.noteId}`, { token: alice().token });

        expectValidationFailed(empty);
        expectValidationFailed(absent);
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('applies the change when If-Match names the current version', async () => {
        const note = await createNote(alice());

        const strong = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { content: 'v2' },
          headers: { 'if-match': '"1"' },
        });
        const any = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { content: 'v3' },
          headers: { 'if-match': '*' },
        });

        expectJson(strong, 200);
        expect(strong.body).toMatchObject({ content: 'v2', version: 2 });
        expectJson(any, 200);
        expect(any.body).toMatchObject({ content: 'v3', version: 3 });
      });

      it('refuses a stale If-Match with 412 and changes nothing', async () => {
        const note = await createNote(alice());
        const first = await api().patch(`/notes/${note.noteId}`, { token: alice().token, json: { content: 'first' } });
        const current = first.body as NoteBody;

        const stale = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { content: 'second' },
          headers: { 'if-match': '"1"' },
        });

        expectJson(stale, 412, VERSION_MISMATCH);
        expectPrivate(stale);
        expect((await getNote(alice(), note.noteId)).body).toEqual(current);
      });

      it('never creates a note: 404 when it is absent', async () => {
        const missing = await goneNoteId(alice());
        const uuid = randomUUID();

        const gone = await api().patch(`/notes/${missing}`, { token: alice().token, json: { title: 'x' } });
        const unknown = await api().patch(`/notes/${uuid}`, { token: alice().token, json: { title: 'x' } });
        const withVersion = await api().patch(`/notes/${missing}`, {
          token: alice().token,
          json: { title: 'x' },
          headers: { 'if-match': '"1"' },
        });

        expectJson(gone, 404, NOTE_NOT_FOUND);
        expectJson(unknown, 404, NOTE_NOT_FOUND);
        expectJson(withVersion, 404, NOTE_NOT_FOUND);
        expectJson(await getNote(alice(), missing), 404, NOTE_NOT_FOUND);
        expectJson(await getNote(alice(), uuid), 404, NOTE_NOT_FOUND);
      });

      it('answers 404 for a note id in no known format', async () => {
        for (const noteId of INVALID_NOTE_IDS) {
          const response = await api().patch(`/notes/${noteId}`, { token: alice().token, json: { title: 'x' } });

          expectJson(response, 404, NOTE_NOT_FOUND);
        }
      });
    });

    describe('DELETE /notes/{noteId}', () => {
      it('deletes the note: 204 with an empty body, then 404', async () => {
        const note = await createNote(alice());

        const response = await api().delete(`/notes/${note.noteId}`, { token: alice().token });

        expect(response.status).toBe(204);
        expect(response.text).toBe('');
        expectPrivate(response);
        expectJson(await getNote(alice(), note.noteId), 404, NOTE_NOT_FOUND);
      });

      it('answers 404 when the note is absent', async () => {
        const missing = await goneNoteId(alice());

        const again = await api().delete(`/notes/${missing}`, { token: alice().token });
        const uuid = await api().delete(`/notes/${randomUUID()}`, { token: alice().token });

        expectJson(again, 404, NOTE_NOT_FOUND);
        expectJson(uuid, 404, NOTE_NOT_FOUND);
      });

      it('answers 404 for a note id in no known format', async () => {
        for (const noteId of INVALID_NOTE_IDS) {
          expectJson(await api().delete(`/notes/${noteId}`, { token: alice().token }), 404, NOTE_NOT_FOUND);
        }
      });

      it('honours If-Match: a stale version is 412 and the note stays; the current one deletes', async () => {
        const note = await createNote(alice());
        await api().patch(`/notes/${note.noteId}`, { token: alice().token, json: { content: 'v2' } });

        const stale = await api().delete(`/notes/${note.noteId}`, {
          token: alice().token,
          headers: { 'if-match': '"1"' },
        });
        const stillThere = await getNote(alice(), note.noteId);
        const current = await api().delete(`/notes/${note.noteId}`, {
          token: alice().token,
          headers: { 'if-match': '"2"' },
        });

        expectJson(stale, 412, VERSION_MISMATCH);
        expectJson(stillThere, 200);
        expect(current.status).toBe(204);
        expectJson(await getNote(alice(), note.noteId), 404, NOTE_NOT_FOUND);
      });
    });

    describe('GET /notes', () => {
      it('lists the newest note first', async () => {
        const a = await createNote(alice());
        const b = await createNote(alice());
        const c = await createNote(alice());

        const listing = expectListing(await api().get('/notes?limit=3', { token: alice().token }), alice().userId);

        expect(listing.notes.map((n) => n.noteId)).toEqual([c.noteId, b.noteId, a.noteId]);
        expect(listing.notes[0]).toEqual(c);
      });

      it('continues with nextToken, without repeating a note', async () => {
        const a = await createNote(alice());
        const b = await createNote(alice());
        const c = await createNote(alice());

        const first = expectListing(await api().get('/notes?limit=2', { token: alice().token }), alice().userId);
        const query = new URLSearchParams({ limit: '2', nextToken: first.nextToken ?? '' });
        const second = expectListing(await api().get(`/notes?${query}`, { token: alice().token }), alice().userId);

        expect(first.notes.map((n) => n.noteId)).toEqual([c.noteId, b.noteId]);
        expect(first.nextToken).toEqual(expect.any(String));
        expect(second.notes[0]?.noteId).toBe(a.noteId);
        const firstIds = new Set(first.notes.map((n) => n.noteId));
        expect(second.notes.filter((n) => firstIds.has(n.noteId))).toEqual([]);
      });

      it('walks every note page by page, and the last page has no nextToken', async () => {
        const created = [await createNote(alice()), await createNote(alice()), await createNote(alice())];

        const paged = await allNotes(alice(), 2);
        const whole = await allNotes(alice(), PAGE_MAX);

        const ids = paged.map((n) => n.noteId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(whole.map((n) => n.noteId));
        for (const note of created) expect(ids).toContain(note.noteId);
        expect([...ids].sort().reverse()).toEqual(ids);
      });

      it('pages 50 notes by default, and up to 100 when asked', async () => {
        const existing = (await allNotes(alice())).length;
        for (let i = existing; i <= PAGE_DEFAULT; i += 1) await createNote(alice());

        const byDefault = expectListing(await api().get('/notes', { token: alice().token }), alice().userId);
        const one = expectListing(await api().get('/notes?limit=1', { token: alice().token }), alice().userId);
        const most = expectListing(
          await api().get(`/notes?limit=${PAGE_MAX}`, { token: alice().token }),
          alice().userId,
        );

        expect(byDefault.count).toBe(PAGE_DEFAULT);
        expect(byDefault.nextToken).toEqual(expect.any(String));
        expect(one.count).toBe(1);
        expect(one.nextToken).toEqual(expect.any(String));
        expect(most.count).toBe(Math.min(PAGE_MAX, Math.max(existing, PAGE_DEFAULT + 1)));
      });

      it('refuses a limit outside 1..100', async () => {
        for (const limit of ['0', '101', '-1', 'abc', '1.5', '', '1e2']) {
          const response = await api().get(`/notes?limit=${encodeURIComponent(limit)}`, { token: alice().token });

          expectValidationFailed(response, 'limit');
        }
      });

      it('refuses an altered nextToken, or one made for another user, with 400', async () => {
        await createNote(alice());
        await createNote(alice());
        const first = expectListing(await api().get('/notes?limit=1', { token: alice().token }), alice().userId);
        const token = first.nextToken ?? '';

        const attempts = [
          { user: alice(), nextToken: altered(token) },
          { user: alice(), nextToken: `${token}x` },
          { user: alice(), nextToken: `x${token}` },
          { user: alice(), nextToken: 'not-a-page-token' },
          { user: bob(), nextToken: token },
        ];

        for (const { user, nextToken } of attempts) {
          const query = new URLSearchParams({ nextToken });
          expectValidationFailed(await api().get(`/notes?${query}`, { token: user.token }), 'nextToken');
        }
      });
    });

    describe("notes the seed's Lambda wrote", () => {
      it('are served, listed, updated and deleted like any other', async (context) => {
        const store = env().storeSeedNote;
        if (store === undefined) {
          context.skip('this environment cannot write to storage directly');
          return;
        }
        const owner = admin();
        const item: SeedNoteItem = {
          userId: owner.userId,
          noteId: randomUUID(),
          title: marker(),
          content: 'Written by Python',
          createdAt: '2026-04-24T10:00:00.123456',
        };
        await store(item);
        const path = `/notes/${item.noteId}`;

        const read = await api().get(path, { token: owner.token });
        const listed = await allNotes(owner);
        const updated = await api().patch(path, {
          token: owner.token,
          json: { content: 'Edited here' },
          headers: { 'if-match': '"1"' },
        });
        const removed = await api().delete(path, { token: owner.token });

        expectJson(read, 200, {
          ...item,
          createdAt: '2026-04-24T10:00:00.123Z',
          updatedAt: '2026-04-24T10:00:00.123Z',
          version: 1,
        });
        expect(read.headers.get('etag')).toBe('"1"');
        expect(listed.map((n) => n.noteId)).toContain(item.noteId);
        expectJson(updated, 200);
        expect(updated.body).toMatchObject({ noteId: item.noteId, content: 'Edited here', version: 2 });
        expect(removed.status).toBe(204);
        expectJson(await getNote(owner, item.noteId), 404, NOTE_NOT_FOUND);
      });
    });

    describe('GET /admin/users/{userId}/notes', () => {
      it("lets an admin read any user's notes, page by page", async () => {
        const older = await createNote(alice());
        const newer = await createNote(alice());
        const path = `/admin/users/${encodeURIComponent(alice().userId)}/notes`;

        const first = expectListing(await api().get(`${path}?limit=1`, { token: admin().token }), alice().userId);
        const query = new URLSearchParams({ limit: '1', nextToken: first.nextToken ?? '' });
        const second = expectListing(await api().get(`${path}?${query}`, { token: admin().token }), alice().userId);

        expect(first.notes).toEqual([newer]);
        expect(second.notes).toEqual([older]);
      });

      it('forbids everyone outside the admin group, the owner included', async () => {
        const path = `/admin/users/${encodeURIComponent(alice().userId)}/notes`;

        const byBob = await api().get(path, { token: bob().token });
        const byAlice = await api().get(path, { token: alice().token });
        const byReader = await api().get(path, { token: env().tokens.readOnly });

        expectJson(byBob, 403, { error: 'Forbidden' });
        expectJson(byAlice, 403, { error: 'Forbidden' });
        expectJson(byReader, 403, { error: 'Forbidden' });
        expectPrivate(byBob);
      });

      it('is read-only: no method writes through it', async () => {
        const path = `/admin/users/${encodeURIComponent(alice().userId)}/notes`;
        const title = marker();

        const post = await api().post(path, { token: admin().token, json: { title } });

        expect([403, 404, 405]).toContain(post.status);
        await expectNothingStored(alice(), title);
      });

      it('refuses a bad limit or nextToken', async () => {
        const path = `/admin/users/${encodeURIComponent(alice().userId)}/notes`;

        const limit = await api().get(`${path}?limit=0`, { token: admin().token });
        const token = await api().get(`${path}?nextToken=not-a-page-token`, { token: admin().token });

        expectValidationFailed(limit, 'limit');
        expectValidationFailed(token, 'nextToken');
      });
    });

    describe('isolation between users', () => {
      it("never shows Bob Alice's note: it is as absent as a note that never existed", async () => {
        const note = await createNote(alice(), { content: 'Alice only' });

        const response = await getNote(bob(), note.noteId);

        expectJson(response, 404, NOTE_NOT_FOUND);
        expect(response.text).not.toContain('Alice only');
      });

      it("never lists Alice's notes to Bob, whatever the query says", async () => {
        const note = await createNote(alice());
        await createNote(bob());

        const plain = await allNotes(bob());
        const named = expectListing(
          await api().get(`/notes?userId=${encodeURIComponent(alice().userId)}`, { token: bob().token }),
          bob().userId,
        );

        expect(plain.map((n) => n.noteId)).not.toContain(note.noteId);
        for (const n of plain) expect(n.userId).toBe(bob().userId);
        expect(named.notes.map((n) => n.noteId)).not.toContain(note.noteId);
      });

      it("never lets Bob change or delete Alice's note", async () => {
        const note = await createNote(alice(), { content: 'Untouched' });

        const update = await api().patch(`/notes/${note.noteId}`, {
          token: bob().token,
          json: { content: 'Bob was here' },
        });
        const versioned = await api().patch(`/notes/${note.noteId}`, {
          token: bob().token,
          json: { content: 'Bob was here' },
          headers: { 'if-match': '"1"' },
        });
        const remove = await api().delete(`/notes/${note.noteId}`, { token: bob().token });

        expectJson(update, 404, NOTE_NOT_FOUND);
        expectJson(versioned, 404, NOTE_NOT_FOUND);
        expectJson(remove, 404, NOTE_NOT_FOUND);
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('takes the owner from the token only: a body cannot name one', async () => {
        const title = marker();

        const response = await api().post('/notes', { token: bob().token, json: { title, userId: alice().userId } });

        expectValidationFailed(response, 'userId');
        await expectNothingStored(alice(), title);
        await expectNothingStored(bob(), title);
      });
    });

    describe('bad input gets a clear error and changes nothing', () => {
      it('refuses a body that is not JSON', async () => {
        const note = await createNote(alice());
        const title = marker();
        for (const body of [`{"title": "${title}"`, `title=${title}`, `{title: "${title}"}`, `{'title': '${title}'}`]) {
          const create = await api().post('/notes', { token: alice().token, body });
          const update = await api().patch(`/notes/${note.noteId}`, { token: alice().token, body });

          expectJson(create, 400, INVALID_JSON);
          expectJson(update, 400, INVALID_JSON);
        }
        await expectNothingStored(alice(), title);
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('refuses JSON that is not an object', async () => {
        const note = await createNote(alice());
        for (const body of ['[]', '["title"]', '"text"', '42', 'null', 'true']) {
          expectValidationFailed(await api().post('/notes', { token: alice().token, body }));
          expectValidationFailed(await api().patch(`/notes/${note.noteId}`, { token: alice().token, body }));
        }
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('refuses a field of the wrong type', async () => {
        const note = await createNote(alice());
        const cases: [Record<string, unknown>, string][] = [
          [{ title: 42 }, 'title'],
          [{ title: null }, 'title'],
          [{ title: ['a'] }, 'title'],
          [{ content: { text: 'x' } }, 'content'],
          [{ content: false }, 'content'],
        ];
        for (const [json, field] of cases) {
          expectValidationFailed(await api().post('/notes', { token: alice().token, json }), field);
          expectValidationFailed(await api().patch(`/notes/${note.noteId}`, { token: alice().token, json }), field);
        }
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('refuses unknown fields, userId, noteId and version included', async () => {
        const note = await createNote(alice());
        const title = marker();
        for (const field of ['userId', 'noteId', 'version', 'createdAt', 'updatedAt', 'owner']) {
          const json = { title, [field]: field === 'version' ? 7 : 'forged' };

          expectValidationFailed(await api().post('/notes', { token: alice().token, json }), field);
          expectValidationFailed(await api().patch(`/notes/${note.noteId}`, { token: alice().token, json }), field);
        }
        await expectNothingStored(alice(), title);
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('reports every problem of a body at once', async () => {
        const response = await api().post('/notes', {
          token: alice().token,
          json: { title: '', content: 5, noteId: 'forged' },
        });

        const body = expectValidationFailed(response, 'title', 'content', 'noteId');
        expect(body.details.length).toBe(3);
      });

      it('takes a title of 1 to 256 characters, counted as characters', async () => {
        const longest = `${marker()}`.padEnd(TITLE_MAX, 't');
        const emoji = '😀'.repeat(TITLE_MAX);
        const tooLong = `${marker()}`.padEnd(TITLE_MAX + 1, 't');

        const atLimit = await api().post('/notes', { token: alice().token, json: { title: longest } });
        const wide = await api().post('/notes', { token: alice().token, json: { title: emoji } });
        const empty = await api().post('/notes', { token: alice().token, json: { title: '' } });
        const over = await api().post('/notes', { token: alice().token, json: { title: tooLong } });

        expectJson(atLimit, 201);
        expect((atLimit.body as NoteBody).title).toBe(longest);
        expectJson(wide, 201);
        expect((wide.body as NoteBody).title).toBe(emoji);
        expectValidationFailed(empty, 'title');
        expectValidationFailed(over, 'title');
        await expectNothingStored(alice(), tooLong);
      });

      it('refuses an empty or too long title on PATCH and keeps the note', async () => {
        const note = await createNote(alice());

        const empty = await api().patch(`/notes/${note.noteId}`, { token: alice().token, json: { title: '' } });
        const over = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { title: 't'.repeat(TITLE_MAX + 1) },
        });

        expectValidationFailed(empty, 'title');
        expectValidationFailed(over, 'title');
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it('takes content up to 256 KiB of UTF-8, counted in bytes', async () => {
        const title = marker();
        const atLimit = 'a'.repeat(CONTENT_MAX_BYTES);
        const overByOne = 'a'.repeat(CONTENT_MAX_BYTES + 1);
        const wideOver = 'é'.repeat(CONTENT_MAX_BYTES / 2 + 1);

        const ok = await api().post('/notes', { token: alice().token, json: { title: marker(), content: atLimit } });
        const over = await api().post('/notes', { token: alice().token, json: { title, content: overByOne } });
        const wide = await api().post('/notes', { token: alice().token, json: { title, content: wideOver } });

        expectJson(ok, 201);
        expect((ok.body as NoteBody).content.length).toBe(CONTENT_MAX_BYTES);
        expectValidationFailed(over, 'content');
        expectValidationFailed(wide, 'content');
        await expectNothingStored(alice(), title);
      });

      it('refuses content over the limit on PATCH and keeps the note', async () => {
        const note = await createNote(alice(), { content: 'Small' });

        const response = await api().patch(`/notes/${note.noteId}`, {
          token: alice().token,
          json: { content: 'b'.repeat(CONTENT_MAX_BYTES + 1) },
        });

        expectValidationFailed(response, 'content');
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });

      it(`refuses a body over the body limit with 413`, async () => {
        const note = await createNote(alice());
        const title = marker();
        const huge = JSON.stringify({ title, content: 'c'.repeat(bodyLimit) });

        const create = await api().post('/notes', { token: alice().token, body: huge });
        const update = await api().patch(`/notes/${note.noteId}`, { token: alice().token, body: huge });

        expectJson(create, 413, { error: 'Payload too large' });
        expectJson(update, 413, { error: 'Payload too large' });
        await expectNothingStored(alice(), title);
        expect((await getNote(alice(), note.noteId)).body).toEqual(note);
      });
    });
  });
}
