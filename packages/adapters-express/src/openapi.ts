/**
 * The OpenAPI 3.1 document of the Notes API, served at `GET /openapi.json`. It is written by
 * hand as a typed object and uses the domain's own limits, so that the numbers it states are
 * the ones enforced; the tests validate it as OpenAPI 3.1 and check real responses against
 * its schemas, which keeps it true.
 */
import {
  CONTENT_MAX_BYTES,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_TITLE,
  MAX_PAGE_LIMIT,
  SCOPE_FOR,
  TITLE_MAX_CHARACTERS,
  USER_ID_MAX_CHARACTERS,
} from '@secure-notes/domain';
import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from 'openapi3-ts/oas31';
import { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';

const ref = (kind: 'schemas' | 'responses' | 'parameters' | 'headers', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});

const json = (schema: SchemaObject | ReferenceObject) => ({ 'application/json': { schema } });

const title: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: TITLE_MAX_CHARACTERS,
  description: `1 to ${TITLE_MAX_CHARACTERS} characters (Unicode code points).`,
};
const content: SchemaObject = {
  type: 'string',
  description: `At most ${CONTENT_MAX_BYTES} bytes (${CONTENT_MAX_BYTES / 1024} KiB) of UTF-8.`,
};

const schemas: Record<string, SchemaObject> = {
  Note: {
    type: 'object',
    required: ['userId', 'noteId', 'title', 'content', 'createdAt', 'updatedAt', 'version'],
    additionalProperties: false,
    properties: {
      userId: { type: 'string', description: 'The owner: the `sub` of the token that created the note.' },
      noteId: { type: 'string', description: 'Made by the server; sorts by creation time.' },
      title: { type: 'string' },
      content: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time', description: 'ISO 8601, UTC.' },
      updatedAt: { type: 'string', format: 'date-time', description: 'ISO 8601, UTC.' },
      version: { type: 'integer', minimum: 1, description: 'Starts at 1, grows by one with every change.' },
    },
  },
  NewNote: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { ...title, default: DEFAULT_TITLE },
      content: { ...content, default: '' },
    },
  },
  NoteChanges: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { title, content },
  },
  NotesListing: {
    type: 'object',
    required: ['notes', 'count'],
    additionalProperties: false,
    properties: {
      notes: { type: 'array', items: ref('schemas', 'Note'), maxItems: MAX_PAGE_LIMIT },
      count: { type: 'integer', minimum: 0, maximum: MAX_PAGE_LIMIT, description: 'How many notes this page holds.' },
      nextToken: {
        type: 'string',
        minLength: 1,
        description: 'Pass as `?nextToken=` for the next page; absent on the last page.',
      },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: { error: { type: 'string' } },
  },
  ValidationFailed: {
    type: 'object',
    required: ['error', 'details'],
    additionalProperties: false,
    properties: {
      error: { const: 'Validation failed' },
      details: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['field', 'message'],
          additionalProperties: false,
          properties: {
            field: { type: 'string', description: 'The input field at fault; empty for the body as a whole.' },
            message: { type: 'string' },
          },
        },
      },
    },
  },
  Unauthorized: {
    type: 'object',
    required: ['message'],
    additionalProperties: false,
    properties: { message: { enum: ['Unauthorized', 'The incoming token has expired'] } },
  },
  Health: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ok' } },
  },
};

const errorWith = (message: string): SchemaObject => ({
  type: 'object',
  allOf: [ref('schemas', 'Error')],
  properties: { error: { const: message } },
});

const headers: Record<string, HeaderObject> = {
  ETag: {
    description: 'The note\'s version as a strong entity tag, `"<version>"`.',
    required: true,
    schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
  },
  Location: {
    description: 'The new note: `/notes/{noteId}`.',
    required: true,
    schema: { type: 'string', pattern: '/notes/[^/]+$' },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    required: true,
    schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
  },
  RequestId: {
    description: 'The request id: the incoming `X-Request-Id` when it is plain, else a new one.',
    required: true,
    schema: { type: 'string', minLength: 1 },
  },
};

const commonHeaders = { 'X-Request-Id': ref('headers', 'RequestId') };

const responses: Record<string, ResponseObject> = {
  BadRequest: {
    description: 'The body is not JSON, or the input breaks a rule; nothing was changed.',
    headers: commonHeaders,
    content: json({ oneOf: [errorWith('Invalid JSON body'), ref('schemas', 'ValidationFailed')] }),
  },
  Unauthorized: {
    description: 'Missing, invalid or expired token, or an access token without the needed scope.',
    headers: commonHeaders,
    content: json(ref('schemas', 'Unauthorized')),
  },
  Forbidden: {
    description: 'The caller is not a member of the `admin` group.',
    headers: commonHeaders,
    content: json(errorWith('Forbidden')),
  },
  NoteNotFound: {
    description: 'The caller has no such note, whoever else may.',
    headers: commonHeaders,
    content: json(errorWith('Note not found')),
  },
  VersionMismatch: {
    description: '`If-Match` names another version than the current one; nothing was changed.',
    headers: commonHeaders,
    content: json(errorWith('Version mismatch')),
  },
  PayloadTooLarge: {
    description: `The body is over ${DEFAULT_BODY_LIMIT_BYTES / 1024} KiB (by default).`,
    headers: commonHeaders,
    content: json(errorWith('Payload too large')),
  },
  InternalError: {
    description: 'Something unexpected; the details are in the server log only.',
    headers: commonHeaders,
    content: json(errorWith('Internal server error')),
  },
  Unavailable: {
    description: 'Storage is throttled or unreachable; nothing was half-written. Retry later.',
    headers: { ...commonHeaders, 'Retry-After': ref('headers', 'RetryAfter') },
    content: json(errorWith('Service unavailable')),
  },
  Note: {
    description: 'The note.',
    headers: { ...commonHeaders, ETag: ref('headers', 'ETag') },
    content: json(ref('schemas', 'Note')),
  },
  NotesListing: {
    description: 'One page of notes, newest first.',
    headers: commonHeaders,
    content: json(ref('schemas', 'NotesListing')),
  },
};

const parameters: Record<string, ParameterObject> = {
  NoteId: {
    name: 'noteId',
    in: 'path',
    required: true,
    description: "The server's note id, or a UUID for notes the seed's Lambda made; anything else is a 404.",
    schema: { type: 'string' },
  },
  UserId: {
    name: 'userId',
    in: 'path',
    required: true,
    description: "The owner's `sub`.",
    schema: { type: 'string', minLength: 1, maxLength: USER_ID_MAX_CHARACTERS },
  },
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: `Notes per page, 1 to ${MAX_PAGE_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
  },
  NextToken: {
    name: 'nextToken',
    in: 'query',
    required: false,
    description: 'The `nextToken` of the previous page; one made for another user, or altered, is a 400.',
    schema: { type: 'string' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The version the change is meant for, as the ETag `"<version>"`; `*` or none for any.',
    schema: { type: 'string' },
  },
};

/** Every failure an authenticated route may answer besides its own. */
const authenticatedFailures = {
  '401': ref('responses', 'Unauthorized'),
  '500': ref('responses', 'InternalError'),
  '503': ref('responses', 'Unavailable'),
};

const readScope = [SCOPE_FOR.read];
const writeScope = [SCOPE_FOR.write];

function authenticated(operation: OperationObject, scopes: string[]): OperationObject {
  return {
    ...operation,
    security: [{ cognitoUserPool: scopes }],
    responses: { ...operation.responses, ...authenticatedFailures },
  };
}

const listing = {
  parameters: [ref('parameters', 'Limit'), ref('parameters', 'NextToken')],
};

export interface OpenApiDocumentOptions {
  /** Where the API is served, for the document's `servers`; `/` (relative) by default. */
  readonly serverUrl?: string;
}

/**
 * The OpenAPI 3.1 document of every route.
 *
 * @example
 * app.get('/openapi.json', (_req, res) => res.json(createOpenApiDocument()));
 */
export function createOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenAPIObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Secure Notes API',
      version: '1.0.0',
      description:
        'Private notes behind Cognito. Every caller sees and changes only their own notes; ' +
        'the owner is always the token `sub`.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    security: [{ cognitoUserPool: [] }],
    paths: {
      '/notes': {
        get: authenticated(
          {
            operationId: 'listNotes',
            summary: "The caller's notes, newest first, a page at a time.",
            ...listing,
            responses: { '200': ref('responses', 'NotesListing'), '400': ref('responses', 'BadRequest') },
          },
          readScope,
        ),
        post: authenticated(
          {
            operationId: 'createNote',
            summary: 'Creates a note owned by the caller.',
            description: 'The body is read as JSON whatever its `Content-Type`; no body makes an "Untitled" note.',
            requestBody: { required: false, content: json(ref('schemas', 'NewNote')) },
            responses: {
              '201': {
                description: 'The new note.',
                headers: { ...commonHeaders, ETag: ref('headers', 'ETag'), Location: ref('headers', 'Location') },
                content: json(ref('schemas', 'Note')),
              },
              '400': ref('responses', 'BadRequest'),
              '413': ref('responses', 'PayloadTooLarge'),
            },
          },
          writeScope,
        ),
      },
      '/notes/{noteId}': {
        parameters: [ref('parameters', 'NoteId')],
        get: authenticated(
          {
            operationId: 'getNote',
            summary: "One of the caller's notes.",
            responses: { '200': ref('responses', 'Note'), '404': ref('responses', 'NoteNotFound') },
          },
          readScope,
        ),
        patch: authenticated(
          {
            operationId: 'updateNote',
            summary: 'Changes the title, the content, or both; never creates a note.',
            parameters: [ref('parameters', 'IfMatch')],
            requestBody: { required: true, content: json(ref('schemas', 'NoteChanges')) },
            responses: {
              '200': ref('responses', 'Note'),
              '400': ref('responses', 'BadRequest'),
              '404': ref('responses', 'NoteNotFound'),
              '412': ref('responses', 'VersionMismatch'),
              '413': ref('responses', 'PayloadTooLarge'),
            },
          },
          writeScope,
        ),
        delete: authenticated(
          {
            operationId: 'deleteNote',
            summary: "Deletes one of the caller's notes.",
            parameters: [ref('parameters', 'IfMatch')],
            responses: {
              '204': { description: 'Deleted; no body.', headers: commonHeaders },
              '404': ref('responses', 'NoteNotFound'),
              '412': ref('responses', 'VersionMismatch'),
            },
          },
          writeScope,
        ),
      },
      '/admin/users/{userId}/notes': {
        parameters: [ref('parameters', 'UserId')],
        get: authenticated(
          {
            operationId: 'adminListUserNotes',
            summary: "Any user's notes, read-only, for members of the `admin` group.",
            ...listing,
            responses: {
              '200': ref('responses', 'NotesListing'),
              '400': ref('responses', 'BadRequest'),
              '403': ref('responses', 'Forbidden'),
            },
          },
          readScope,
        ),
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server can serve. No authentication.',
          security: [],
          responses: {
            '200': { description: 'Ready.', headers: commonHeaders, content: json(ref('schemas', 'Health')) },
            '503': ref('responses', 'Unavailable'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          summary: 'This document. No authentication.',
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              headers: commonHeaders,
              content: json({ type: 'object', required: ['openapi', 'paths'] }),
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        cognitoUserPool: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'A Cognito JWT, raw or as `Bearer <token>`. An ID token of the user pool and app client may read ' +
            `and write; an access token needs \`${SCOPE_FOR.read}\` for GET routes and \`${SCOPE_FOR.write}\` ` +
            'for the others (the scopes listed on each operation).',
        },
      },
      schemas,
      responses,
      parameters,
      headers,
    },
  };
}
