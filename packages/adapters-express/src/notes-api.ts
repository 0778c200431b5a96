/**
 * The Notes API of api.md as an Express 5 application over the domain's use cases. Routes only
 * translate HTTP to use-case calls and back: who may do what is the domain's decision, and
 * every failure is answered by the one error mapping. Each route carries its template in
 * `res.locals.route`, which the request log reports instead of the raw path.
 */
import type { Note, NotesListing, NotesUseCases, PageQuery, TokenVerifier } from '@secure-notes/domain';
import { ValidationError } from '@secure-notes/domain';
import cors from 'cors';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authorizer, principalOf } from './authorizer.js';
import { CachingTokenVerifier, type CachingTokenVerifierOptions } from './caching-token-verifier.js';
import { errorMapping, HttpProblem } from './error-mapping.js';
import { etagOf, parseIfMatch } from './if-match.js';
import { bodyOf, DEFAULT_BODY_LIMIT_BYTES, jsonBody } from './json-body.js';
import { createOpenApiDocument } from './openapi.js';
import { REQUEST_ID_HEADER, requestLogging } from './request-logging.js';
import { sendJson, sendNoContent } from './responses.js';

export interface NotesApiOptions {
  readonly useCases: NotesUseCases;
  /** Verifies the `Authorization` token; wrapped in a `CachingTokenVerifier` unless `tokenCache` is `false`. */
  readonly tokenVerifier: TokenVerifier;
  readonly logger: Logger;
  /** Origins allowed by CORS, exactly as browsers send them (`https://app.example.com`); none by default. */
  readonly corsOrigins?: readonly string[];
  /** The largest request body, in bytes; 300 KiB by default. */
  readonly bodyLimitBytes?: number;
  /** Whether the app can serve (`GET /health`); always, by default. */
  readonly isReady?: () => boolean;
  /** Bounds of the verified-token cache, or `false` for none (the verifier caches by itself). */
  readonly tokenCache?: Omit<CachingTokenVerifierOptions, 'now'> | false;
}

/** Marks the route a handler serves, for the request log. */
function route(template: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = template;
    next();
  };
}

/** The single value of a query parameter; a repeated one is a validation error. */
function queryValue(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new ValidationError([{ field: name, message: 'must be given once, as a plain value' }]);
}

function pageQueryOf(req: Request): PageQuery {
  return { limit: queryValue(req, 'limit'), nextToken: queryValue(req, 'nextToken') };
}

/** Route parameters are always present on the routes that declare them. */
function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string') throw new Error(`route parameter ${name} is missing`);
  return value;
}

/** `If-Match` as the version the use case expects; a header no version satisfies is a 412 now. */
function expectedVersionOf(req: Request): number | undefined {
  const ifMatch = parseIfMatch(req.headers['if-match']);
  switch (ifMatch.kind) {
    case 'any':
      return undefined;
    case 'version':
      return ifMatch.version;
    case 'never':
      throw HttpProblem.preconditionFailed();
  }
}

function sendNote(res: Response, status: number, note: Note, headers: Record<string, string> = {}): void {
  sendJson(res, status, note, { ETag: etagOf(note.version), ...headers });
}

function sendListing(res: Response, listing: NotesListing<Note>): void {
  const body = { notes: listing.notes, count: listing.count };
  sendJson(res, 200, listing.nextToken === undefined ? body : { ...body, nextToken: listing.nextToken });
}

/**
 * Builds the application. Mount it at the root, or listen on it directly.
 *
 * @example
 * const app = createNotesApi({ useCases, tokenVerifier, logger: pino(), corsOrigins: ['http://localhost:5173'] });
 * app.listen(3000);
 */
export function createNotesApi(options: NotesApiOptions): Express {
  const { useCases, logger } = options;
  const verifier =
    options.tokenCache === false
      ? options.tokenVerifier
      : new CachingTokenVerifier(options.tokenVerifier, options.tokenCache ?? {});
  const reading = authorizer(verifier, 'read');
  const writing = authorizer(verifier, 'write');
  const body = jsonBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const isReady = options.isReady ?? (() => true);
  const allowedOrigins = new Set(options.corsOrigins ?? []);
  const openApiDocument = createOpenApiDocument();

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');

  app.use(requestLogging(logger));
  app.use((_req, res, next) => {
    // Notes are private: no response of this API may be stored by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(helmet());
  app.use(
    cors({
      origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', REQUEST_ID_HEADER],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', REQUEST_ID_HEADER],
      maxAge: 600,
    }),
  );

  app.get('/health', route('/health'), (_req, res) => {
    if (isReady()) sendJson(res, 200, { status: 'ok' });
    else sendJson(res, 503, { error: 'Service unavailable' }, { 'Retry-After': '1' });
  });

  app.get('/openapi.json', route('/openapi.json'), (_req, res) => {
    sendJson(res, 200, openApiDocument);
  });

  app.get('/notes', route('/notes'), reading, async (req, res) => {
    sendListing(res, await useCases.listNotes.execute(principalOf(res), pageQueryOf(req)));
  });

  app.post('/notes', route('/notes'), writing, ...body, async (_req, res) => {
    // The seed's Lambda read an absent body as `{}`: a POST with no body makes an "Untitled" note.
    const note = await useCases.createNote.execute(principalOf(res), bodyOf(res.locals, {}));
    sendNote(res, 201, note, { Location: `/notes/${encodeURIComponent(note.noteId)}` });
  });

  app.get('/notes/:noteId', route('/notes/{noteId}'), reading, async (req, res) => {
    sendNote(res, 200, await useCases.getNote.execute(principalOf(res), param(req, 'noteId')));
  });

  app.patch('/notes/:noteId', route('/notes/{noteId}'), writing, ...body, async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    // No body is not "no change": the use case answers that at least one field is needed.
    const input = bodyOf(res.locals, undefined);
    const note = await useCases.updateNote.execute(principalOf(res), param(req, 'noteId'), input, expectedVersion);
    sendNote(res, 200, note);
  });

  app.delete('/notes/:noteId', route('/notes/{noteId}'), writing, async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    await useCases.deleteNote.execute(principalOf(res), param(req, 'noteId'), expectedVersion);
    sendNoContent(res);
  });

  app.get('/admin/users/:userId/notes', route('/admin/users/{userId}/notes'), reading, async (req, res) => {
    const listing = await useCases.adminListUserNotes.execute(principalOf(res), param(req, 'userId'), pageQueryOf(req));
    sendListing(res, listing);
  });

  app.use(() => {
    throw HttpProblem.notFound();
  });
  app.use(errorMapping());
  return app;
}
