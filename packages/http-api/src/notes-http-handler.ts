/**
 * The Notes API over HTTP, with no transport in it: given a route of the route table, the
 * caller (established by whatever authorizer the runtime has), the path parameters, the query,
 * the headers and a way to read the body, it runs the use case and returns the answer as a
 * plain value. The Express server and the Lambda handler are thin glue around this one
 * function, so they cannot drift apart. Who may do what stays the domain's decision; the only
 * rule applied here first is the route's kind of access, before the body or `If-Match` is read,
 * as API Gateway checks a method's scopes before it invokes anything.
 */
import {
  type Idempotency,
  type Note,
  type NotesListing,
  type NotesUseCases,
  type Principal,
  requireAccess,
  ValidationError,
  type WriteOperationOptions,
} from '@secure-notes/domain';
import { HttpProblem } from './error-answers.js';
import { etagOf, parseIfMatch } from './if-match.js';
import { PROXY_RESULT_PAGE_BUDGET } from './page-budget.js';
import { pageQueryOf, type QueryReader } from './page-query.js';
import { requestFingerprint } from './request-fingerprint.js';
import { errorResponse, type HttpResponse, jsonResponse, noContentResponse } from './responses.js';
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
  /**
   * Epoch milliseconds by which storage must have answered, retries included; the runtime sets
   * it from its own budget (a fixed one on the server, the time the Lambda has left).
   */
  readonly deadline?: number;
}

export type NotesHttpHandler = (request: NotesHttpRequest) => Promise<HttpResponse>;

export interface NotesHttpHandlerOptions {
  /**
   * Safe retries of writes that carry an `Idempotency-Key`. Every runtime composes one; without
   * it the header is refused rather than ignored, so that no client believes it is protected.
   */
  readonly idempotency?: Idempotency;
}

/** How long a request may wait for storage when its runtime sets no deadline of its own. */
export const DEFAULT_STORAGE_BUDGET_MS = 3_000;

/** The header that marks the first request's answer given again. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

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

type RouteHandler = (request: NotesHttpRequest, options: WriteOperationOptions) => Promise<HttpResponse>;

/** An answer as the idempotency record keeps it. */
interface RecordedAnswer {
  readonly s: number;
  readonly h: Record<string, string>;
  readonly b: string;
}

/**
 * Builds the handler over the use cases.
 *
 * @example
 * const handle = createNotesHttpHandler(useCases, { idempotency });
 * const response = await handle({ route: NOTES_ROUTE_BY_ID.getNote, principal, param: (n) => params[n], ... });
 */
export function createNotesHttpHandler(
  useCases: NotesUseCases,
  options: NotesHttpHandlerOptions = {},
): NotesHttpHandler {
  const { idempotency } = options;
  const routes: Record<NotesRouteId, RouteHandler> = {
    async listNotes(request, operation) {
      return listingResponse(
        await useCases.listNotes.execute(request.principal, pageQueryOf(request.query), {
          ...operation,
          budget: PROXY_RESULT_PAGE_BUDGET,
        }),
      );
    },
    async createNote(request, operation) {
      // The tutorial's Lambda read an absent body as `{}`: a POST with no body makes an "Untitled" note.
      const input = request.body();
      const note = await useCases.createNote.execute(request.principal, input === undefined ? {} : input, operation);
      return noteResponse(201, note, { Location: `${request.basePath}/notes/${encodeURIComponent(note.noteId)}` });
    },
    async getNote(request, operation) {
      return noteResponse(200, await useCases.getNote.execute(request.principal, param(request, 'noteId'), operation));
    },
    async updateNote(request, operation) {
      // No body is not "no change": the use case answers that at least one field is needed.
      const input = request.body();
      const expectedVersion = expectedVersionOf(request);
      const note = await useCases.updateNote.execute(
        request.principal,
        param(request, 'noteId'),
        input,
        expectedVersion,
        operation,
      );
      return noteResponse(200, note);
    },
    async deleteNote(request, operation) {
      const expectedVersion = expectedVersionOf(request);
      await useCases.deleteNote.execute(request.principal, param(request, 'noteId'), expectedVersion, operation);
      return noContentResponse();
    },
    async createAttachment(request, operation) {
      const noteId = param(request, 'noteId');
      const input = request.body();
      const answer = await useCases.attachments.requestUpload(request.principal, noteId, input ?? {}, operation);
      const location = `${request.basePath}/notes/${encodeURIComponent(noteId)}/attachments/${answer.attachment.attachmentId}`;
      return jsonResponse(201, answer, { Location: location });
    },
    async confirmAttachment(request, operation) {
      const attachment = await useCases.attachments.confirm(
        request.principal,
        param(request, 'noteId'),
        param(request, 'attachmentId'),
        operation,
      );
      return jsonResponse(200, attachment);
    },
    async getAttachment(request, operation) {
      return jsonResponse(
        200,
        await useCases.attachments.download(
          request.principal,
          param(request, 'noteId'),
          param(request, 'attachmentId'),
          operation,
        ),
      );
    },
    async deleteAttachment(request, operation) {
      await useCases.attachments.delete(
        request.principal,
        param(request, 'noteId'),
        param(request, 'attachmentId'),
        operation,
      );
      return noContentResponse();
    },
    async adminListUserNotes(request, operation) {
      const userId = param(request, 'userId');
      return listingResponse(
        await useCases.adminListUserNotes.execute(request.principal, userId, pageQueryOf(request.query), {
          ...operation,
          budget: PROXY_RESULT_PAGE_BUDGET,
        }),
      );
    },
  };

  /** Runs a keyed write once, and answers a repeat as the first request was answered. */
  async function once(request: NotesHttpRequest, key: string, run: RouteHandler): Promise<HttpResponse> {
    if (idempotency === undefined) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: 'is not supported by this deployment' }]);
    }
    // Bad input is answered before the key is claimed: it changes nothing and records nothing.
    const body = request.body();
    if (request.route.takesIfMatch) expectedVersionOf(request);
    const fingerprint = requestFingerprint(
      request.route,
      request.route.params.map((name) => request.param(name)),
      request.header('if-match'),
      body,
    );
    const deadline = request.deadline ?? Date.now() + DEFAULT_STORAGE_BUDGET_MS;
    // The answer this request made itself, given as it is; only a replay is read from its record.
    let made: HttpResponse | undefined;
    const result = await idempotency.run(request.principal.userId, key, fingerprint, deadline, async (attempt) => {
      let response: HttpResponse;
      try {
        response = await run(request, { deadline, reservation: attempt.reservation, retried: attempt.retried });
      } catch (error) {
        const answer = errorResponse(error);
        // A server failure is never recorded: the error goes on, and the key stays claimed until
        // the deadline (the write may have been applied), when a retry takes it over.
        if (answer.answer.serverFault) throw error;
        response = answer;
      }
      made = response;
      const recorded: RecordedAnswer = { s: response.statusCode, h: response.headers, b: response.body };
      return { outcome: JSON.stringify(recorded), record: true };
    });
    if (!result.replayed && made !== undefined) return made;
    const answer = JSON.parse(result.outcome) as RecordedAnswer;
    const headers = result.replayed ? { ...answer.h, [IDEMPOTENT_REPLAYED_HEADER]: 'true' } : answer.h;
    return { statusCode: answer.s, headers, body: answer.b };
  }

  return async (request) => {
    requireAccess(request.principal, request.route.access);
    const run = routes[request.route.id];
    const key = request.route.takesIdempotencyKey ? request.header('idempotency-key') : undefined;
    if (key !== undefined) return once(request, key, run);
    return run(request, request.deadline === undefined ? {} : { deadline: request.deadline });
  };
}
