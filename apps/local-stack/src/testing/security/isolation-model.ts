/**
 * The model of the isolation suite (OWASP API1, broken object level authorization): what every
 * user's notes must be after any sequence of create, get, list, page, update and delete by
 * several users, admins included, and the fast-check commands that act on both the model and a
 * running API and compare them after every step. The only rule is ownership: a user reads,
 * lists, changes and deletes their own notes; another's note answers 404 as if it did not
 * exist, whatever `If-Match` says; a page token works for the user it was made for only; the
 * admin route lists anyone's notes for an admin and nobody else.
 */
import { ENTRYPOINT_ANSWERS, type Entrypoint } from '@secure-notes/http-api';
import fc from 'fast-check';
import type { RawClient, RawResponse } from './raw-http.js';

export interface Actor {
  readonly name: string;
  readonly userId: string;
  readonly admin: boolean;
  /** An ID token, and an access token with both notes scopes. */
  readonly idToken: string;
  readonly accessToken: string;
}

export interface ModelNote {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  readonly version: number;
}

export interface IsolationModel {
  /** Every live note, by id. */
  readonly notes: Map<string, ModelNote>;
  /** Ids of notes deleted in this run. */
  readonly gone: string[];
}

/** The system under test, and what the commands count. */
export interface IsolationReal {
  readonly client: RawClient;
  readonly entrypoint: Entrypoint;
  readonly actors: readonly Actor[];
  readonly counts: IsolationCounts;
}

export interface IsolationCounts {
  /** Requests the commands sent. */
  operations: number;
  /** Requests that named another user's note, list or page token, refused as the contract says. */
  refused: number;
  /** Commands run (a command may send several requests: a list walks every page). */
  commands: number;
}

/** A ULID in the server's format that no note ever had (the first 10 characters are a time in 1970). */
export const NEVER_A_NOTE = '00000000000000000000000000';

const NOTE_NOT_FOUND = { error: 'Note not found' };

function fail(message: string, response: RawResponse): never {
  throw new Error(`${message}: answered ${response.status} ${response.text.slice(0, 300)}`);
}

function expectAnswer(response: RawResponse, status: number, body: unknown, what: string): void {
  if (response.status !== status || JSON.stringify(response.json) !== JSON.stringify(body)) {
    fail(`${what}: expected ${status} ${JSON.stringify(body)}`, response);
  }
}

function sameNote(actual: unknown, expected: ModelNote, what: string, response: RawResponse): void {
  const note = actual as Partial<ModelNote> | undefined;
  for (const key of ['userId', 'noteId', 'title', 'content', 'version'] as const) {
    if (note?.[key] !== expected[key]) fail(`${what}: ${key} should be ${JSON.stringify(expected[key])}`, response);
  }
}

function ownedBy(model: Readonly<IsolationModel>, userId: string): ModelNote[] {
  return [...model.notes.values()]
    .filter((note) => note.userId === userId)
    .sort((a, b) => (a.noteId < b.noteId ? 1 : -1));
}

/** Which note a command aims at, chosen when it runs: a live one (anyone's), a deleted one, or one that never was. */
export interface TargetChoice {
  readonly kind: 'live' | 'gone' | 'never';
  readonly index: number;
}

const target = fc.record({
  kind: fc.constantFrom<TargetChoice['kind']>('live', 'live', 'live', 'live', 'gone', 'never'),
  index: fc.nat(),
});

function resolve(model: Readonly<IsolationModel>, choice: TargetChoice): { noteId: string; note?: ModelNote } {
  const live = [...model.notes.keys()].sort();
  if (choice.kind === 'live' && live.length > 0) {
    const noteId = live[choice.index % live.length] as string;
    return { noteId, note: model.notes.get(noteId) as ModelNote };
  }
  if (choice.kind !== 'never' && model.gone.length > 0)
    return { noteId: model.gone[choice.index % model.gone.length] as string };
  return { noteId: NEVER_A_NOTE };
}

function tokenOf(actor: Actor, access: boolean, entrypoint: Entrypoint): string {
  return access && ENTRYPOINT_ANSWERS[entrypoint].acceptsAccessTokens ? actor.accessToken : actor.idToken;
}

async function send(
  real: IsolationReal,
  actor: Actor,
  access: boolean,
  method: string,
  path: string,
  extra: { body?: string; headers?: [string, string][] } = {},
): Promise<RawResponse> {
  real.counts.operations += 1;
  return real.client.send({
    method,
    path,
    headers: [['authorization', tokenOf(actor, access, real.entrypoint)], ...(extra.headers ?? [])],
    ...(extra.body === undefined ? {} : { body: extra.body }),
  });
}

/** Every page of a listing, checked as it comes: the owner's notes, newest first, as the model has them. */
async function walk(
  real: IsolationReal,
  actor: Actor,
  access: boolean,
  path: string,
  limit: number,
  expected: ModelNote[],
  what: string,
): Promise<void> {
  const seen: unknown[] = [];
  let nextToken: string | undefined;
  do {
    const query = `limit=${limit}${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`;
    const response = await send(real, actor, access, 'GET', `${path}?${query}`);
    if (response.status !== 200) fail(`${what}: a page`, response);
    const page = response.json as { notes: unknown[]; count: number; nextToken?: string };
    if (page.notes.length > limit || page.count !== page.notes.length) fail(`${what}: a page's size`, response);
    seen.push(...page.notes);
    nextToken = page.nextToken;
    if (seen.length > expected.length + limit) fail(`${what}: more notes than the owner has`, response);
  } while (nextToken !== undefined);
  const summary = (notes: readonly unknown[]) =>
    JSON.stringify(
      notes.map((note) => {
        const { userId, noteId, title, content, version } = note as ModelNote;
        return { userId, noteId, title, content, version };
      }),
    );
  if (summary(seen) !== summary(expected)) {
    throw new Error(`${what}: listed ${summary(seen)}\n  expected ${summary(expected)}`);
  }
}

type Command = fc.AsyncCommand<IsolationModel, IsolationReal, false>;

class CreateNote implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly title: string,
    readonly content: string,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    const response = await send(real, actor, this.access, 'POST', '/notes', {
      body: JSON.stringify({ title: this.title, content: this.content }),
    });
    if (response.status !== 201) fail(`${actor.name} creates a note`, response);
    const note = response.json as ModelNote;
    sameNote(
      note,
      { userId: actor.userId, noteId: note.noteId, title: this.title, content: this.content, version: 1 },
      `${actor.name} creates a note`,
      response,
    );
    if (model.notes.has(note.noteId)) fail('a new note took the id of another', response);
    model.notes.set(note.noteId, {
      userId: actor.userId,
      noteId: note.noteId,
      title: this.title,
      content: this.content,
      version: 1,
    });
    real.counts.commands += 1;
  }
  toString = () => `create(actor ${this.actor}, ${JSON.stringify(this.title)})`;
}

class GetNote implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly target: TargetChoice,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    const { noteId, note } = resolve(model, this.target);
    const response = await send(real, actor, this.access, 'GET', `/notes/${noteId}`);
    const what = `${actor.name} reads ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId}`;
    if (note !== undefined && note.userId === actor.userId) {
      if (response.status !== 200) fail(what, response);
      sameNote(response.json, note, what, response);
    } else {
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
    }
    real.counts.commands += 1;
  }
  toString = () => `get(actor ${this.actor}, ${JSON.stringify(this.target)})`;
}

class ListNotes implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly limit: number,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    await walk(
      real,
      actor,
      this.access,
      '/notes',
      this.limit,
      ownedBy(model, actor.userId),
      `${actor.name} lists their notes`,
    );
    real.counts.commands += 1;
  }
  toString = () => `list(actor ${this.actor}, limit ${this.limit})`;
}

/** A page token made for one user, presented by another: a 400, never the owner's next page. */
class PageWithAnotherUsersToken implements Command {
  constructor(
    readonly owner: number,
    readonly thief: number,
    readonly access: boolean,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const owner = real.actors[this.owner % real.actors.length] as Actor;
    const thief = real.actors[(this.owner + 1 + (this.thief % (real.actors.length - 1))) % real.actors.length] as Actor;
    const first = await send(real, owner, this.access, 'GET', '/notes?limit=1');
    if (first.status !== 200) fail(`${owner.name} lists one note`, first);
    const { nextToken, notes } = first.json as { nextToken?: string; notes: unknown[] };
    const expected = ownedBy(model, owner.userId);
    if (expected[0] !== undefined) sameNote(notes[0], expected[0], `${owner.name}'s first page`, first);
    else if (notes.length !== 0) fail(`${owner.name} has no notes`, first);
    if (expected.length > 1 && nextToken === undefined) fail(`${owner.name}'s first page has no nextToken`, first);
    if (nextToken !== undefined) {
      const stolen = await send(
        real,
        thief,
        this.access,
        'GET',
        `/notes?limit=1&nextToken=${encodeURIComponent(nextToken)}`,
      );
      if (stolen.status !== 400 || (stolen.json as { error?: string }).error !== 'Validation failed') {
        fail(`${thief.name} pages with ${owner.name}'s page token`, stolen);
      }
      real.counts.refused += 1;
    }
    real.counts.commands += 1;
  }
  toString = () => `page with another user's token(owner ${this.owner}, thief ${this.thief})`;
}

type IfMatchChoice = 'none' | 'current' | 'stale' | 'any';

function ifMatchHeader(choice: IfMatchChoice, note: ModelNote | undefined): [string, string][] {
  if (choice === 'none') return [];
  if (choice === 'any') return [['if-match', '*']];
  const version = note?.version ?? 1;
  return [['if-match', `"${choice === 'current' ? version : version + 1}"`]];
}

class UpdateNote implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly target: TargetChoice,
    readonly title: string,
    readonly ifMatch: IfMatchChoice,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    const { noteId, note } = resolve(model, this.target);
    const response = await send(real, actor, this.access, 'PATCH', `/notes/${noteId}`, {
      body: JSON.stringify({ title: this.title }),
      headers: ifMatchHeader(this.ifMatch, note),
    });
    const what = `${actor.name} changes ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId} (If-Match ${this.ifMatch})`;
    if (note !== undefined && note.userId === actor.userId) {
      if (this.ifMatch === 'stale') {
        expectAnswer(response, 412, { error: 'Version mismatch' }, what);
      } else {
        if (response.status !== 200) fail(what, response);
        const changed = { ...note, title: this.title, version: note.version + 1 };
        sameNote(response.json, changed, what, response);
        model.notes.set(noteId, changed);
      }
    } else {
      // Whatever If-Match says: a 412 would tell that the note exists.
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
    }
    real.counts.commands += 1;
  }
  toString = () => `update(actor ${this.actor}, ${JSON.stringify(this.target)}, If-Match ${this.ifMatch})`;
}

class DeleteNote implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly target: TargetChoice,
    readonly ifMatch: IfMatchChoice,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    const { noteId, note } = resolve(model, this.target);
    const response = await send(real, actor, this.access, 'DELETE', `/notes/${noteId}`, {
      headers: ifMatchHeader(this.ifMatch, note),
    });
    const what = `${actor.name} deletes ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId} (If-Match ${this.ifMatch})`;
    if (note !== undefined && note.userId === actor.userId) {
      if (this.ifMatch === 'stale') {
        expectAnswer(response, 412, { error: 'Version mismatch' }, what);
      } else {
        if (response.status !== 204 || response.text !== '') fail(what, response);
        model.notes.delete(noteId);
        model.gone.push(noteId);
      }
    } else {
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
    }
    real.counts.commands += 1;
  }
  toString = () => `delete(actor ${this.actor}, ${JSON.stringify(this.target)}, If-Match ${this.ifMatch})`;
}

/** `GET /admin/users/{userId}/notes`: every note of that user for an admin, the contract's refusal for anyone else. */
class AdminListNotes implements Command {
  constructor(
    readonly actor: number,
    readonly access: boolean,
    readonly owner: number,
    readonly limit: number,
  ) {}
  check = () => true;
  async run(model: IsolationModel, real: IsolationReal): Promise<void> {
    const actor = real.actors[this.actor % real.actors.length] as Actor;
    const owner = real.actors[this.owner % real.actors.length] as Actor;
    const path = `/admin/users/${owner.userId}/notes`;
    const what = `${actor.name} lists ${owner.name}'s notes on the admin route`;
    if (actor.admin) {
      await walk(real, actor, this.access, path, this.limit, ownedBy(model, owner.userId), what);
    } else {
      const response = await send(real, actor, this.access, 'GET', `${path}?limit=${this.limit}`);
      const refusal = ENTRYPOINT_ANSWERS[real.entrypoint].nonAdminOnAdminRoute;
      expectAnswer(response, refusal.status, refusal.body, what);
      real.counts.refused += 1;
    }
    real.counts.commands += 1;
  }
  toString = () => `admin list(actor ${this.actor}, owner ${this.owner}, limit ${this.limit})`;
}

/**
 * The command arbitraries over `actorCount` actors (indices into `IsolationReal.actors`).
 *
 * @example
 * await fc.assert(fc.asyncProperty(fc.commands(isolationCommands(4), { maxCommands: 60 }), (cmds) => fc.asyncModelRun(setup, cmds)));
 */
export function isolationCommands(actorCount: number): fc.Arbitrary<Command>[] {
  const actor = fc.nat({ max: actorCount - 1 });
  const access = fc.boolean();
  const text = fc.string({ minLength: 1, maxLength: 24 });
  const limit = fc.integer({ min: 1, max: 4 });
  const ifMatch = fc.constantFrom<IfMatchChoice>('none', 'current', 'current', 'stale', 'any');
  return [
    fc.tuple(actor, access, text, fc.string({ maxLength: 40 })).map(([a, x, t, c]) => new CreateNote(a, x, t, c)),
    fc.tuple(actor, access, text, fc.string({ maxLength: 40 })).map(([a, x, t, c]) => new CreateNote(a, x, t, c)),
    fc.tuple(actor, access, target).map(([a, x, t]) => new GetNote(a, x, t)),
    fc.tuple(actor, access, target).map(([a, x, t]) => new GetNote(a, x, t)),
    fc.tuple(actor, access, limit).map(([a, x, l]) => new ListNotes(a, x, l)),
    fc.tuple(actor, actor, access).map(([o, t, x]) => new PageWithAnotherUsersToken(o, t, x)),
    fc.tuple(actor, access, target, text, ifMatch).map(([a, x, t, title, m]) => new UpdateNote(a, x, t, title, m)),
    fc.tuple(actor, access, target, text, ifMatch).map(([a, x, t, title, m]) => new UpdateNote(a, x, t, title, m)),
    fc.tuple(actor, access, target, ifMatch).map(([a, x, t, m]) => new DeleteNote(a, x, t, m)),
    fc.tuple(actor, access, actor, limit).map(([a, x, o, l]) => new AdminListNotes(a, x, o, l)),
  ];
}

/** After a run: every user's own listing is exactly the model's. */
export async function checkEveryListing(model: Readonly<IsolationModel>, real: IsolationReal): Promise<void> {
  for (const actor of real.actors) {
    await walk(
      real,
      actor,
      false,
      '/notes',
      100,
      ownedBy(model, actor.userId),
      `${actor.name}'s notes at the end of the run`,
    );
  }
}

/** Before a run: every user's notes deleted through the API, so the run starts from the empty model. */
export async function clearEveryUsersNotes(real: IsolationReal): Promise<void> {
  for (const actor of real.actors) {
    const response = await real.client.send({
      method: 'GET',
      path: '/notes?limit=100',
      headers: [['authorization', actor.idToken]],
    });
    if (response.status !== 200) fail(`${actor.name} lists their notes to clear them`, response);
    for (const note of (response.json as { notes: ModelNote[] }).notes) {
      const gone = await real.client.send({
        method: 'DELETE',
        path: `/notes/${note.noteId}`,
        headers: [['authorization', actor.idToken]],
      });
      if (gone.status !== 204) fail(`${actor.name} deletes a note to clear them`, gone);
    }
    if ((response.json as { nextToken?: string }).nextToken !== undefined) await clearEveryUsersNotes(real);
  }
}
