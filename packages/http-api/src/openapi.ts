/**
 * The OpenAPI 3.1 document of the Notes API, served at `GET /openapi.json` and rendered into the
 * repository's API reference. It is built from the contract itself: the paths from the route
 * table, the error responses from the error-answer table, the limits from the domain, so that
 * the numbers and bodies it states are the ones every runtime sends. Tests validate it as
 * OpenAPI 3.1 and check real responses of every runtime against its schemas.
 *
 * One unit: every path refers to the same named schemas, parameters and responses declared
 * here, and a document split across files would hide which references resolve.
 */
import {
  ATTACHMENT_NAME_MAX_CHARACTERS,
  CONTENT_MAX_BYTES,
  DEFAULT_ATTACHMENT_SETTINGS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_TITLE,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_TTL_MS,
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
  PathItemObject,
  ReferenceObject,
  ResponseObject,
  ResponsesObject,
  SchemaObject,
} from 'openapi3-ts/oas31';
import { ERROR_ANSWERS, type ErrorAnswerName } from './error-answers.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
import { NOTES_ROUTES, type NotesRouteId } from './routes.js';

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

const attachments = DEFAULT_ATTACHMENT_SETTINGS;

const schemas: Record<string, SchemaObject> = {
  Note: {
    type: 'object',
    required: ['userId', 'noteId', 'title', 'content', 'createdAt', 'updatedAt', 'version', 'attachments'],
    additionalProperties: false,
    properties: {
      userId: { type: 'string', description: 'The owner: the `sub` of the token that created the note.' },
      noteId: { type: 'string', description: 'Made by the server; sorts by creation time.' },
      title: { type: 'string' },
      content: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time', description: 'ISO 8601, UTC.' },
      updatedAt: { type: 'string', format: 'date-time', description: 'ISO 8601, UTC.' },
      version: {
        type: 'integer',
        minimum: 1,
        description: 'Starts at 1, grows by one with every change of the title or content (not of attachments).',
      },
      attachments: {
        type: 'array',
        items: ref('schemas', 'Attachment'),
        maxItems: attachments.maxPerNote,
        description: `The note's files, oldest first (at most ${attachments.maxPerNote} by default). Pending ones whose upload request expired are not listed.`,
      },
    },
  },
  Attachment: {
    type: 'object',
    required: ['attachmentId', 'name', 'contentType', 'size', 'state', 'createdAt'],
    additionalProperties: false,
    properties: {
      attachmentId: { type: 'string', description: 'Made by the server; sorts by creation time.' },
      name: { type: 'string', minLength: 1, maxLength: ATTACHMENT_NAME_MAX_CHARACTERS },
      contentType: { type: 'string' },
      size: { type: 'integer', minimum: 1, description: 'Bytes.' },
      state: {
        enum: ['pending', 'ready'],
        description: '`pending` until the upload is confirmed, then `ready`.',
      },
      createdAt: { type: 'string', format: 'date-time', description: 'ISO 8601, UTC.' },
      uploadExpiresAt: {
        type: 'string',
        format: 'date-time',
        description: 'While `pending`: when the upload request stops being valid.',
      },
    },
  },
  NewAttachment: {
    type: 'object',
    required: ['name', 'contentType', 'size'],
    additionalProperties: false,
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: ATTACHMENT_NAME_MAX_CHARACTERS,
        description:
          'The file name, sent back on download. No `/`, `\\`, control characters or bidirectional marks; not `.` or `..`; no leading or trailing white space.',
      },
      contentType: {
        type: 'string',
        description: `One of the allowed types; by default ${attachments.contentTypes.join(', ')}. Types a browser renders or runs (text/html, image/svg+xml, JavaScript, XML) are never allowed.`,
      },
      size: {
        type: 'integer',
        minimum: 1,
        maximum: attachments.maxBytes,
        description: `Bytes, exactly (at most ${attachments.maxBytes / 1024 / 1024} MiB by default).`,
      },
    },
  },
  AttachmentUpload: {
    type: 'object',
    required: ['attachment', 'upload'],
    additionalProperties: false,
    properties: {
      attachment: ref('schemas', 'Attachment'),
      upload: {
        type: 'object',
        required: ['method', 'url', 'fields', 'expiresAt'],
        additionalProperties: false,
        description:
          'An S3 presigned POST: send `fields`, then the file as the last field `file`, as `multipart/form-data` to `url` before `expiresAt`. S3 refuses another key, size or content type.',
        properties: {
          method: { const: 'POST' },
          url: { type: 'string', format: 'uri' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
          expiresAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  AttachmentDownload: {
    type: 'object',
    required: ['attachment', 'download'],
    additionalProperties: false,
    properties: {
      attachment: ref('schemas', 'Attachment'),
      download: {
        type: 'object',
        required: ['url', 'expiresAt'],
        additionalProperties: false,
        description:
          'A presigned GET of the file, valid until `expiresAt`; S3 answers it with `Content-Disposition: attachment` and the file name (RFC 6266, `filename*` per RFC 5987).',
        properties: {
          url: { type: 'string', format: 'uri' },
          expiresAt: { type: 'string', format: 'date-time' },
        },
      },
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
  Health: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ok' } },
  },
};

const headers: Record<string, HeaderObject> = {
  ETag: {
    description: 'The note\'s version as a strong entity tag, `"<version>"`.',
    required: true,
    schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
  },
  Location: {
    description: 'The new note: `{base path}/notes/{noteId}` (the base path is the stage behind API Gateway).',
    required: true,
    schema: { type: 'string', pattern: '/notes/[^/]+$' },
  },
  AttachmentLocation: {
    description: 'The new attachment: `{base path}/notes/{noteId}/attachments/{attachmentId}`.',
    required: true,
    schema: { type: 'string', pattern: '/notes/[^/]+/attachments/[^/]+$' },
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

/** The JSON Schema of an error answer's body: its exact text. */
function errorBodySchema(name: ErrorAnswerName): SchemaObject {
  const { body } = ERROR_ANSWERS[name];
  const properties: Record<string, SchemaObject> = Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, { const: value }]),
  );
  const required = Object.keys(body);
  if (name === 'validationFailed') {
    required.push('details');
    properties.details = {
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
    };
  }
  return { type: 'object', required, additionalProperties: false, properties };
}

function errorResponse(name: ErrorAnswerName): ResponseObject {
  const answer = ERROR_ANSWERS[name];
  const extra = Object.fromEntries(answer.headers.map((header) => [header, ref('headers', header.replace('-', ''))]));
  return {
    description: answer.description,
    headers: { ...commonHeaders, ...extra },
    content: json(ref('schemas', answer.component)),
  };
}

const errorNames = Object.keys(ERROR_ANSWERS) as ErrorAnswerName[];
for (const name of errorNames) schemas[ERROR_ANSWERS[name].component] = errorBodySchema(name);

const responses: Record<string, ResponseObject> = {
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
for (const name of errorNames) responses[ERROR_ANSWERS[name].component] = errorResponse(name);

/**
 * The responses for the error answers a route may give, one per status: a status that two
 * answers share (400, 401) gets a combined response whose body is one of theirs.
 */
function errorResponses(names: readonly ErrorAnswerName[]): ResponsesObject {
  const byStatus = new Map<number, ErrorAnswerName[]>();
  for (const name of new Set(names)) {
    const { status } = ERROR_ANSWERS[name];
    byStatus.set(status, [...(byStatus.get(status) ?? []), name]);
  }
  const result: ResponsesObject = {};
  for (const [status, group] of byStatus) {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      result[String(status)] = ref('responses', ERROR_ANSWERS[only].component);
      continue;
    }
    const component = group.map((name) => ERROR_ANSWERS[name].component).join('Or');
    responses[component] ??= {
      description: group.map((name) => ERROR_ANSWERS[name].description).join(' Or: '),
      headers: commonHeaders,
      content: json({ oneOf: group.map((name) => ref('schemas', ERROR_ANSWERS[name].component)) }),
    };
    result[String(status)] = ref('responses', component);
  }
  return result;
}

const parameters: Record<string, ParameterObject> = {
  noteId: {
    name: 'noteId',
    in: 'path',
    required: true,
    description: "The server's note id, or a UUID for notes the tutorial's Lambda made; anything else is a 404.",
    schema: { type: 'string' },
  },
  attachmentId: {
    name: 'attachmentId',
    in: 'path',
    required: true,
    description: "The server's attachment id; anything else is a 404.",
    schema: { type: 'string' },
  },
  userId: {
    name: 'userId',
    in: 'path',
    required: true,
    description: "The owner's `sub`.",
    schema: { type: 'string', minLength: 1, maxLength: USER_ID_MAX_CHARACTERS },
  },
  limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: `Notes per page, 1 to ${MAX_PAGE_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
  },
  nextToken: {
    name: 'nextToken',
    in: 'query',
    required: false,
    description: 'The `nextToken` of the previous page; one made for another user, or altered, is a 400.',
    schema: { type: 'string' },
  },
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      `Names the operation so that it can be retried safely after a lost answer: 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII ` +
      `characters, per user, kept ${IDEMPOTENCY_KEY_TTL_MS / 3_600_000} hours. A repeat of the same request gets the first answer again (with ` +
      '`Idempotent-Replayed: true`) and changes nothing; while the first is still running a repeat gets 409; ' +
      'the same key with another request gets 422. A 5xx is never recorded: retry it with the same key.',
    schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: '^[\\x20-\\x7E]+$' },
  },
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The version the change is meant for, as the ETag `"<version>"`; `*` or none for any.',
    schema: { type: 'string' },
  },
};

/** What each route of the route table says in the document besides its method and path. */
interface OperationFacts {
  readonly summary: string;
  readonly description?: string;
  readonly query?: readonly string[];
  readonly headers?: readonly string[];
  readonly requestBody?: OperationObject['requestBody'];
  readonly success: ResponsesObject;
  readonly errors: readonly ErrorAnswerName[];
}

/** Every authenticated route may answer these besides its own. */
const AUTHENTICATED_ERRORS: readonly ErrorAnswerName[] = [
  'unauthorized',
  'tokenExpired',
  'tooManyRequests',
  'internalError',
  'unavailable',
];
const BODY_ERRORS: readonly ErrorAnswerName[] = ['invalidJson', 'validationFailed', 'payloadTooLarge'];
const IDEMPOTENCY_ERRORS: readonly ErrorAnswerName[] = [
  'validationFailed',
  'idempotencyInProgress',
  'idempotencyKeyReused',
];
const PAGING = ['limit', 'nextToken'];

const OPERATIONS: Readonly<Record<NotesRouteId, OperationFacts>> = {
  listNotes: {
    summary: "The caller's notes, newest first, a page at a time.",
    query: PAGING,
    success: { '200': ref('responses', 'NotesListing') },
    errors: ['validationFailed'],
  },
  createNote: {
    summary: 'Creates a note owned by the caller.',
    description: `The body is read as JSON whatever its \`Content-Type\` (up to ${DEFAULT_BODY_LIMIT_BYTES / 1024} KiB by default); no body makes an "Untitled" note.`,
    headers: ['idempotencyKey'],
    requestBody: { required: false, content: json(ref('schemas', 'NewNote')) },
    success: {
      '201': {
        description: 'The new note.',
        headers: { ...commonHeaders, ETag: ref('headers', 'ETag'), Location: ref('headers', 'Location') },
        content: json(ref('schemas', 'Note')),
      },
    },
    errors: [...BODY_ERRORS, ...IDEMPOTENCY_ERRORS],
  },
  getNote: {
    summary: "One of the caller's notes.",
    success: { '200': ref('responses', 'Note') },
    errors: ['noteNotFound'],
  },
  updateNote: {
    summary: 'Changes the title, the content, or both; never creates a note.',
    headers: ['ifMatch', 'idempotencyKey'],
    requestBody: { required: true, content: json(ref('schemas', 'NoteChanges')) },
    success: { '200': ref('responses', 'Note') },
    errors: [...BODY_ERRORS, ...IDEMPOTENCY_ERRORS, 'noteNotFound', 'versionMismatch'],
  },
  deleteNote: {
    summary: "Deletes one of the caller's notes.",
    headers: ['ifMatch', 'idempotencyKey'],
    success: { '204': { description: 'Deleted; no body.', headers: commonHeaders } },
    errors: [...IDEMPOTENCY_ERRORS, 'noteNotFound', 'versionMismatch'],
  },
  createAttachment: {
    summary: 'Asks for an upload of a file to one of the caller’s notes.',
    description:
      'Answers a pending attachment and a presigned POST whose key the server made, valid for a few minutes ' +
      `(${attachments.uploadExpiresSeconds} s by default). A note carries at most ${attachments.maxPerNote} attachments; ` +
      `a user's files take at most ${attachments.quotaBytes / 1024 / 1024} MiB, live pending uploads included (defaults).`,
    headers: ['idempotencyKey'],
    requestBody: { required: true, content: json(ref('schemas', 'NewAttachment')) },
    success: {
      '201': {
        description: 'The pending attachment and its upload request.',
        headers: { ...commonHeaders, Location: ref('headers', 'AttachmentLocation') },
        content: json(ref('schemas', 'AttachmentUpload')),
      },
    },
    errors: [...BODY_ERRORS, ...IDEMPOTENCY_ERRORS, 'noteNotFound', 'tooManyAttachments', 'attachmentQuotaExceeded'],
  },
  confirmAttachment: {
    summary: 'Confirms that the upload finished: the file is checked against the request and kept.',
    description: 'Confirming a `ready` attachment again answers it unchanged.',
    headers: ['idempotencyKey'],
    success: {
      '200': {
        description: 'The attachment, `ready`.',
        headers: commonHeaders,
        content: json(ref('schemas', 'Attachment')),
      },
    },
    errors: [...IDEMPOTENCY_ERRORS, 'noteNotFound', 'attachmentNotFound', 'uploadMissing', 'uploadMismatch'],
  },
  getAttachment: {
    summary: 'A short-lived download link of a ready file.',
    description: `The link is valid for ${attachments.downloadExpiresSeconds} s by default; the file always downloads, never renders.`,
    success: {
      '200': {
        description: 'The attachment and its download link.',
        headers: commonHeaders,
        content: json(ref('schemas', 'AttachmentDownload')),
      },
    },
    errors: ['noteNotFound', 'attachmentNotFound', 'attachmentNotReady'],
  },
  deleteAttachment: {
    summary: 'Deletes a file: its object first, then its record.',
    headers: ['idempotencyKey'],
    success: { '204': { description: 'Deleted; no body.', headers: commonHeaders } },
    errors: [...IDEMPOTENCY_ERRORS, 'noteNotFound', 'attachmentNotFound'],
  },
  adminListUserNotes: {
    summary:
      "Any user's notes, read-only, for members of the `admin` group (attachments' metadata, never their files).",
    query: PAGING,
    success: { '200': ref('responses', 'NotesListing') },
    errors: ['validationFailed', 'forbidden'],
  },
};

function notesPaths(): Record<string, PathItemObject> {
  const paths: Record<string, PathItemObject> = {};
  for (const route of NOTES_ROUTES) {
    const facts = OPERATIONS[route.id];
    const operation: OperationObject = {
      operationId: route.id,
      summary: facts.summary,
      ...(facts.description === undefined ? {} : { description: facts.description }),
      ...(facts.requestBody === undefined ? {} : { requestBody: facts.requestBody }),
      security: [{ cognitoUserPool: [SCOPE_FOR[route.access]] }],
      responses: { ...facts.success, ...errorResponses([...facts.errors, ...AUTHENTICATED_ERRORS]) },
    };
    const own = [...(facts.query ?? []), ...(facts.headers ?? [])].map((name) => ref('parameters', name));
    if (own.length > 0) operation.parameters = own;
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    if (route.params.length > 0) item.parameters = route.params.map((name) => ref('parameters', name));
    item[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'] = operation;
  }
  return paths;
}

export interface OpenApiDocumentOptions {
  /** Where the API is served, for the document's `servers`; `/` (relative) by default. */
  readonly serverUrl?: string;
}

/**
 * The OpenAPI 3.1 document of every route, and of the Express server's own `/health` and
 * `/openapi.json`.
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
      ...notesPaths(),
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server can serve. No authentication. (Express server only.)',
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
          summary: 'This document. No authentication. (Express server only.)',
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
      schemas: structuredClone(schemas),
      responses: structuredClone(responses),
      parameters: structuredClone(parameters),
      headers: structuredClone(headers),
    },
  };
}
