/**
 * The Notes API over HTTP, with no transport in it: given a route of the route table, the
 * caller (established by whatever authorizer the runtime has), the path parameters, the query,
 * the headers and a way to read the body, it runs the use case and returns the answer as a
 * plain value. The Express server and the Lambda handler are thin glue around this one
 * function, so they cannot drift apart. Who may do what stays the domain's decision; the only
 * rule applied here first is the route's kind of access, before the body or `If-Match` is read,
 * as API Gateway checks a method's scopes before it invokes anything.
 */
import { type Note, type NotesListing, type NotesUseCases, type Principal, requireAccess } from '@secure-notes/domain';
import { HttpProblem } from './error-answers.js';
import { etagOf, parseIfMatch } from './if-match.js';
import { pageQueryOf, type QueryReader } from './page-query.js';
import { type HttpResponse, jsonResponse, noContentResponse } from './responses.js';
import type { NotesRoute, NotesRouteId } from './routes.js';

export interface NotesHttpRequest {
  readonly route: NotesRoute;
  readonly principal: Principal;
  /** A path parameter of the route, decoded. */
  readonly param: (name: string) => string | undefined;
  readonly query: QueryReader;
  /** A request header by its lower-case name. */
  readonly header: (name: string) => string | undefined;
  /** The body parsed by the contract's rules (see `parseJsonBody`): `undefined` when there is none. */
  readonly body: () => unknown;
  /** Where the API's paths start for this request (`''`, or `/dev` behind a stage), for `Location`. */
  readonly basePath: string;
}

export type NotesHttpHandler = (request: NotesHttpRequest) => Promise<HttpResponse>;

function noteResponse(status: number, note: Note, extra?: Readonly<Record<string, string>>): HttpResponse {
  return jsonResponse(
    status,
    note,
    extra === undefined ? { ETag: etagOf(note.version) } : { ETag: etagOf(note.version), ...extra },
  );
}

function listingResponse(listing: NotesListing<Note>): HttpResponse {
  const body = { notes: listing.notes, count: listing.count };
  return jsonResponse(200, listing.nextToken === undefined ? body : { ...body, nextToken: listing.nextToken });
}

/** `If-Match` as the version the use case expects; a header no version can satisfy is a 412 now. */
function expectedVersionOf(request: NotesHttpRequest): number | undefined {
  const ifMatch = parseIfMatch(request.header('if-match'));
  switch (ifMatch.kind) {
    case 'any':
      return undefined;
    case 'version':
      return ifMatch.version;
    case 'never':
      throw HttpProblem.preconditionFailed();
  }
}

function param(request: NotesHttpRequest, name: string): string {
  const value = request.param(name);
  // The route table declares the parameter; a runtime that routed here without it is broken.
  if (value === undefined) throw new Error(`the ${request.route.id} route was given no ${name} parameter`);
  return value;
}

/**
 * Builds the handler over the use cases.
 *
 * @example
 * const handle = createNotesHttpHandler(useCases);
 * const response = await handle({ route: NOTES_ROUTE_BY_ID.getNote, principal, param: (n) => params[n], ... });
 */
export function createNotesHttpHandler(useCases: NotesUseCases): NotesHttpHandler {
  const routes: Record<NotesRouteId, (request: NotesHttpRequest) => Promise<HttpResponse>> = {
    async listNotes(request) {
      return listingResponse(await useCases.listNotes.execute(request.principal, pageQueryOf(request.query)));
    },
    async createNote(request) {
      // The tutorial's Lambda read an absent body as `{}`: a POST with no body makes an "Untitled" note.
      const input = request.body();
      const note = await useCases.createNote.execute(request.principal, input === undefined ? {} : input);
      return noteResponse(201, note, { Location: `${request.basePath}/notes/${encodeURIComponent(note.noteId)}` });
    },
    async getNote(request) {
      return noteResponse(200, await useCases.getNote.execute(request.principal, param(request, 'noteId')));
    },
    async updateNote(request) {
      // No body is not "no change": the use case answers that at least one field is needed.
      const input = request.body();
      const expectedVersion = expectedVersionOf(request);
      const note = await useCases.updateNote.execute(
        request.principal,
        param(request, 'noteId'),
        input,
        expectedVersion,
      );
      return noteResponse(200, note);
    },
    async deleteNote(request) {
      const expectedVersion = expectedVersionOf(request);
      await useCases.deleteNote.execute(request.principal, param(request, 'noteId'), expectedVersion);
      return noContentResponse();
    },
    async adminListUserNotes(request) {
      const userId = param(request, 'userId');
      return listingResponse(
        await useCases.adminListUserNotes.execute(request.principal, userId, pageQueryOf(request.query)),
      );
    },
  };

  return async (request) => {
    requireAccess(request.principal, request.route.access);
    return routes[request.route.id](request);
  };
}
