/**
 * The route table of the Notes API: every method and path template, the kind of access each
 * needs, and whether it is for the `admin` group only. Every runtime is built from this one
 * list: the Express router, the Lambda handler's dispatch (by API Gateway `resource` and
 * `httpMethod`), the custom authorizer's policy, the infrastructure's API Gateway methods, the
 * local API Gateway and the OpenAPI document.
 */
import type { Access } from '@secure-notes/domain';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type NotesRouteId =
  | 'listNotes'
  | 'createNote'
  | 'getNote'
  | 'updateNote'
  | 'deleteNote'
  | 'createAttachment'
  | 'confirmAttachment'
  | 'getAttachment'
  | 'deleteAttachment'
  | 'adminListUserNotes';

export interface NotesRoute {
  /** Also the OpenAPI `operationId`. */
  readonly id: NotesRouteId;
  readonly method: HttpMethod;
  /** The path template in API Gateway's (and OpenAPI's) syntax: `/notes/{noteId}`. */
  readonly path: string;
  /** The path parameters, in the order they appear in `path`. */
  readonly params: readonly string[];
  /** `read` needs `notes/read` on an access token, `write` needs `notes/write`; ID tokens may do both. */
  readonly access: Access;
  /** For members of the `admin` group only. */
  readonly adminOnly: boolean;
  /** Whether the route reads a JSON body. */
  readonly takesBody: boolean;
  /** Whether the route honours `If-Match`. */
  readonly takesIfMatch: boolean;
  /** Whether a client may repeat the request safely with an `Idempotency-Key` (every write). */
  readonly takesIdempotencyKey: boolean;
}

function route(
  id: NotesRouteId,
  method: HttpMethod,
  path: string,
  access: Access,
  options: { adminOnly?: boolean; takesBody?: boolean; takesIfMatch?: boolean } = {},
): NotesRoute {
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  return {
    id,
    method,
    path,
    params,
    access,
    adminOnly: options.adminOnly ?? false,
    takesBody: options.takesBody ?? false,
    takesIfMatch: options.takesIfMatch ?? false,
    takesIdempotencyKey: access === 'write',
  };
}

/** Every route of the Notes API, in the order the API reference lists them. */
export const NOTES_ROUTES: readonly NotesRoute[] = Object.freeze([
  route('listNotes', 'GET', '/notes', 'read'),
  route('createNote', 'POST', '/notes', 'write', { takesBody: true }),
  route('getNote', 'GET', '/notes/{noteId}', 'read'),
  route('updateNote', 'PATCH', '/notes/{noteId}', 'write', { takesBody: true, takesIfMatch: true }),
  route('deleteNote', 'DELETE', '/notes/{noteId}', 'write', { takesIfMatch: true }),
  // Attachments take no If-Match: each is addressed by its own server-made id, and a change of
  // them leaves the note's version (and ETag) alone, which guards its title and content.
  route('createAttachment', 'POST', '/notes/{noteId}/attachments', 'write', { takesBody: true }),
  route('confirmAttachment', 'POST', '/notes/{noteId}/attachments/{attachmentId}/confirm', 'write'),
  route('getAttachment', 'GET', '/notes/{noteId}/attachments/{attachmentId}', 'read'),
  route('deleteAttachment', 'DELETE', '/notes/{noteId}/attachments/{attachmentId}', 'write'),
  route('adminListUserNotes', 'GET', '/admin/users/{userId}/notes', 'read', { adminOnly: true }),
]);

/** The route table by id. */
export const NOTES_ROUTE_BY_ID: Readonly<Record<NotesRouteId, NotesRoute>> = Object.freeze(
  Object.fromEntries(NOTES_ROUTES.map((r) => [r.id, r])) as Record<NotesRouteId, NotesRoute>,
);

const BY_RESOURCE = new Map(NOTES_ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

/**
 * The route for an API Gateway `httpMethod` and `resource` (the path template), or `undefined`.
 *
 * @example
 * findRoute('GET', '/notes/{noteId}')?.id // 'getNote'
 */
export function findRoute(method: string, resource: string): NotesRoute | undefined {
  return BY_RESOURCE.get(`${method} ${resource}`);
}

/** The distinct path templates, each with the methods it serves (for CORS preflights and API Gateway resources). */
export function resourcesOf(routes: readonly NotesRoute[] = NOTES_ROUTES): ReadonlyMap<string, readonly HttpMethod[]> {
  const resources = new Map<string, HttpMethod[]>();
  for (const r of routes) resources.set(r.path, [...(resources.get(r.path) ?? []), r.method]);
  return resources;
}
