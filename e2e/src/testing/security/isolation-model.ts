/**
 * The model of the isolation suite (OWASP API1, broken object level authorization): what every
 * user's notes must be after any sequence of create, get, list, page, update and delete by
 * several users, admins included, and the fast-check commands that act on both the model and a
 * running API and compare them after every step. The only rule is ownership: a user reads,
 * lists, changes and deletes their own notes and their files; another's note, and every
 * attachment route on it, answers 404 as if it did not exist, whatever `If-Match` says; a page token works for the user it was made for only; the
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
  /** Its attachments' ids, oldest first (pending: the run asks for uploads, it sends no bytes). */
  readonly attachments: readonly string[];
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
  const ids = ((actual as { attachments?: { attachmentId: string }[] } | undefined)?.attachments ?? []).map(
    (a) => a.attachmentId,
  );
  if (JSON.stringify(ids) !== JSON.stringify(expected.attachments)) {
    fail(`${what}: attachments should be ${JSON.stringify(expected.attachments)}`, response);
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
        // The API lists attachment records, the model their ids.
        const attachments = (note as { attachments: readonly ({ attachmentId: string } | string)[] }).attachments;
        const ids = attachments.map((a) => (typeof a === 'string' ? a : a.attachmentId));
        return { userId, noteId, title, content, version, attachments: ids };
      }),
    );
  if (summary(seen) !== summary(expected)) {
    throw new Error(`${what}: listed ${summary(seen)}\n  expected ${summary(expected)}`);
  }
}

type Command = fc.AsyncCommand<IsolationModel, IsolationReal, false>;

/**
 * A model command: always applicable, counted once it has run, shown by fast-check as `label`
 * in a counterexample. `act` sends its requests, checks every answer and updates the model.
 */
function modelCommand(label: string, act: (model: IsolationModel, real: IsolationReal) => Promise<void>): Command {
  return {
    check: () => true,
    async run(model: IsolationModel, real: IsolationReal): Promise<void> {
      await act(model, real);
      real.counts.commands += 1;
    },
    toString: () => label,
  };
}

function actorAt(real: IsolationReal, index: number): Actor {
  return real.actors[index % real.actors.length] as Actor;
}

type IfMatchChoice = 'none' | 'current' | 'stale' | 'any';

function ifMatchHeader(choice: IfMatchChoice, note: ModelNote | undefined): [string, string][] {
  if (choice === 'none') return [];
  if (choice === 'any') return [['if-match', '*']];
  const version = note?.version ?? 1;
  return [['if-match', `"${choice === 'current' ? version : version + 1}"`]];
}

/** What a command aimed at one note (`/notes/{id}`) sends, and what the actor's own note must answer. */
interface NoteAction {
  /** How the step reads in a failure: `alice <verb> their note …`. */
  readonly verb: string;
  readonly method: 'GET' | 'PATCH' | 'DELETE';
  readonly body?: string;
  /** Sent as `If-Match` when given; on the actor's own note a stale version answers 412. */
  readonly ifMatch?: IfMatchChoice;
  /** The answer on the actor's own note (with no stale `If-Match`), checked, and the model changed to match. */
  readonly own: (response: RawResponse, note: ModelNote, what: string, model: IsolationModel) => void;
}

/** A get, update or delete of the note `choice` picks: the actor's own as `action.own` says, anything else a 404. */
function noteCommand(
  label: string,
  actorIndex: number,
  access: boolean,
  choice: TargetChoice,
  action: NoteAction,
): Command {
  return modelCommand(label, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    const { noteId, note } = resolve(model, choice);
    const response = await send(real, actor, access, action.method, `/notes/${noteId}`, {
      ...(action.body === undefined ? {} : { body: action.body }),
      headers: action.ifMatch === undefined ? [] : ifMatchHeader(action.ifMatch, note),
    });
    const ifMatch = action.ifMatch === undefined ? '' : ` (If-Match ${action.ifMatch})`;
    const what = `${actor.name} ${action.verb} ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId}${ifMatch}`;
    if (note !== undefined && note.userId === actor.userId) {
      if (action.ifMatch === 'stale') expectAnswer(response, 412, { error: 'Version mismatch' }, what);
      else action.own(response, note, what, model);
    } else {
      // Whatever If-Match says: a 412 would tell that the note exists.
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
    }
  });
}

function createNote(actorIndex: number, access: boolean, title: string, content: string): Command {
  return modelCommand(`create(actor ${actorIndex}, ${JSON.stringify(title)})`, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    const response = await send(real, actor, access, 'POST', '/notes', { body: JSON.stringify({ title, content }) });
    if (response.status !== 201) fail(`${actor.name} creates a note`, response);
    const { noteId } = response.json as ModelNote;
    const created: ModelNote = { userId: actor.userId, noteId, title, content, version: 1, attachments: [] };
    sameNote(response.json, created, `${actor.name} creates a note`, response);
    if (model.notes.has(noteId)) fail('a new note took the id of another', response);
    model.notes.set(noteId, created);
  });
}

function getNote(actorIndex: number, access: boolean, choice: TargetChoice): Command {
  return noteCommand(`get(actor ${actorIndex}, ${JSON.stringify(choice)})`, actorIndex, access, choice, {
    verb: 'reads',
    method: 'GET',
    own: (response, note, what) => {
      if (response.status !== 200) fail(what, response);
      sameNote(response.json, note, what, response);
    },
  });
}

function updateNote(
  actorIndex: number,
  access: boolean,
  choice: TargetChoice,
  title: string,
  ifMatch: IfMatchChoice,
): Command {
  const label = `update(actor ${actorIndex}, ${JSON.stringify(choice)}, If-Match ${ifMatch})`;
  return noteCommand(label, actorIndex, access, choice, {
    verb: 'changes',
    method: 'PATCH',
    body: JSON.stringify({ title }),
    ifMatch,
    own: (response, note, what, model) => {
      if (response.status !== 200) fail(what, response);
      const changed = { ...note, title, version: note.version + 1 };
      sameNote(response.json, changed, what, response);
      model.notes.set(note.noteId, changed);
    },
  });
}

function deleteNote(actorIndex: number, access: boolean, choice: TargetChoice, ifMatch: IfMatchChoice): Command {
  const label = `delete(actor ${actorIndex}, ${JSON.stringify(choice)}, If-Match ${ifMatch})`;
  return noteCommand(label, actorIndex, access, choice, {
    verb: 'deletes',
    method: 'DELETE',
    ifMatch,
    own: (response, note, what, model) => {
      if (response.status !== 204 || response.text !== '') fail(what, response);
      model.notes.delete(note.noteId);
      model.gone.push(note.noteId);
    },
  });
}

function listNotes(actorIndex: number, access: boolean, limit: number): Command {
  return modelCommand(`list(actor ${actorIndex}, limit ${limit})`, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    await walk(real, actor, access, '/notes', limit, ownedBy(model, actor.userId), `${actor.name} lists their notes`);
  });
}

/** A page token made for one user, presented by another: a 400, never the owner's next page. */
function pageWithAnotherUsersToken(ownerIndex: number, thiefIndex: number, access: boolean): Command {
  const label = `page with another user's token(owner ${ownerIndex}, thief ${thiefIndex})`;
  return modelCommand(label, async (model, real) => {
    const owner = actorAt(real, ownerIndex);
    const thief = actorAt(real, ownerIndex + 1 + (thiefIndex % (real.actors.length - 1)));
    const first = await send(real, owner, access, 'GET', '/notes?limit=1');
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
        access,
        'GET',
        `/notes?limit=1&nextToken=${encodeURIComponent(nextToken)}`,
      );
      if (stolen.status !== 400 || (stolen.json as { error?: string }).error !== 'Validation failed') {
        fail(`${thief.name} pages with ${owner.name}'s page token`, stolen);
      }
      real.counts.refused += 1;
    }
  });
}

/** `GET /admin/users/{userId}/notes`: every note of that user for an admin, the contract's refusal for anyone else. */
function adminListNotes(actorIndex: number, access: boolean, ownerIndex: number, limit: number): Command {
  return modelCommand(`admin list(actor ${actorIndex}, owner ${ownerIndex}, limit ${limit})`, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    const owner = actorAt(real, ownerIndex);
    const path = `/admin/users/${owner.userId}/notes`;
    const what = `${actor.name} lists ${owner.name}'s notes on the admin route`;
    if (actor.admin) {
      await walk(real, actor, access, path, limit, ownedBy(model, owner.userId), what);
    } else {
      const response = await send(real, actor, access, 'GET', `${path}?limit=${limit}`);
      const refusal = ENTRYPOINT_ANSWERS[real.entrypoint].nonAdminOnAdminRoute;
      expectAnswer(response, refusal.status, refusal.body, what);
      real.counts.refused += 1;
    }
  });
}

/** As many as a note may carry in the runs' settings (the default). */
const ATTACHMENTS_PER_NOTE = 10;
const ATTACHMENT_NOT_FOUND = { error: 'Attachment not found' };

/**
 * `POST /notes/{noteId}/attachments` on the note `choice` picks: a pending attachment on the
 * actor's own note (409 once it carries the most it may), 404 on anyone else's.
 */
function askUpload(actorIndex: number, access: boolean, choice: TargetChoice): Command {
  return modelCommand(`ask upload(actor ${actorIndex}, ${JSON.stringify(choice)})`, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    const { noteId, note } = resolve(model, choice);
    const body = JSON.stringify({ name: 'a.txt', contentType: 'text/plain', size: 1 });
    const response = await send(real, actor, access, 'POST', `/notes/${noteId}/attachments`, { body });
    const what = `${actor.name} asks to attach a file to ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId}`;
    if (note === undefined || note.userId !== actor.userId) {
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
      return;
    }
    if (note.attachments.length >= ATTACHMENTS_PER_NOTE) {
      expectAnswer(response, 409, { error: 'Too many attachments' }, what);
      return;
    }
    if (response.status !== 201) fail(what, response);
    const { attachmentId } = (response.json as { attachment: { attachmentId: string } }).attachment;
    model.notes.set(noteId, { ...note, attachments: [...note.attachments, attachmentId] });
  });
}

type AttachmentOperation = 'confirm' | 'get' | 'delete';

/**
 * One attachment route on an attachment of the note `choice` picks (or an id it never had): on
 * the actor's own note what a pending file answers (confirm: no upload yet; get: not uploaded
 * yet; delete: gone), on anyone else's a 404 that tells nothing, whatever attachment it names.
 */
function attachmentCommand(
  actorIndex: number,
  access: boolean,
  choice: TargetChoice,
  index: number,
  operation: AttachmentOperation,
): Command {
  const label = `${operation} attachment(actor ${actorIndex}, ${JSON.stringify(choice)}, ${index})`;
  return modelCommand(label, async (model, real) => {
    const actor = actorAt(real, actorIndex);
    const { noteId, note } = resolve(model, choice);
    const ids = note?.attachments ?? [];
    // One index past the note's attachments names one it never had.
    const attachmentId = ids[index % (ids.length + 1)] ?? NEVER_A_NOTE;
    const path = `/notes/${noteId}/attachments/${attachmentId}`;
    const [method, url] =
      operation === 'confirm' ? ['POST', `${path}/confirm`] : [operation === 'get' ? 'GET' : 'DELETE', path];
    const response = await send(real, actor, access, method, url);
    const what = `${actor.name} ${operation}s attachment ${attachmentId} of ${note?.userId === actor.userId ? 'their' : 'another user’s or no'} note ${noteId}`;
    if (note === undefined || note.userId !== actor.userId) {
      expectAnswer(response, 404, NOTE_NOT_FOUND, what);
      if (note !== undefined) real.counts.refused += 1;
      return;
    }
    if (!ids.includes(attachmentId)) {
      expectAnswer(response, 404, ATTACHMENT_NOT_FOUND, what);
      return;
    }
    if (operation === 'confirm') expectAnswer(response, 409, { error: 'Upload not found' }, what);
    else if (operation === 'get') expectAnswer(response, 409, { error: 'Attachment not uploaded yet' }, what);
    else {
      if (response.status !== 204) fail(what, response);
      model.notes.set(noteId, { ...note, attachments: ids.filter((id) => id !== attachmentId) });
    }
  });
}

/**
 * The command arbitraries over `actorCount` actors (indices into `IsolationReal.actors`).
 * fast-check picks among them evenly: creates, gets and updates stand twice to come twice as often.
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
  const create = fc.tuple(actor, access, text, fc.string({ maxLength: 40 })).map((args) => createNote(...args));
  const get = fc.tuple(actor, access, target).map((args) => getNote(...args));
  const update = fc.tuple(actor, access, target, text, ifMatch).map((args) => updateNote(...args));
  return [
    create,
    create,
    get,
    get,
    fc.tuple(actor, access, limit).map((args) => listNotes(...args)),
    fc.tuple(actor, actor, access).map((args) => pageWithAnotherUsersToken(...args)),
    update,
    update,
    fc.tuple(actor, access, target, ifMatch).map((args) => deleteNote(...args)),
    fc.tuple(actor, access, actor, limit).map((args) => adminListNotes(...args)),
    fc.tuple(actor, access, target).map((args) => askUpload(...args)),
    fc
      .tuple(actor, access, target, fc.nat(), fc.constantFrom<AttachmentOperation>('confirm', 'get', 'delete'))
      .map((args) => attachmentCommand(...args)),
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
