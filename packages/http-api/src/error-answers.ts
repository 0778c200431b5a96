/**
 * Every failure's HTTP answer, in one table: the status, the body and the headers each runtime
 * sends, and what the OpenAPI document says of it. `toErrorAnswer` maps any thrown value through
 * this table with one exhaustive `switch` over the domain's error codes (a new code fails to
 * compile until it is mapped); the OpenAPI document builds its error responses from the same
 * entries, so no error body is written twice. Anything unknown becomes a 500 that exposes
 * nothing.
 */
import { assertNever, type FieldIssue, isDomainError } from '@secure-notes/domain';

/** A JSON body of the contract, as sent. */
export type JsonBody = Readonly<Record<string, unknown>>;

export interface ErrorAnswerDefinition {
  readonly status: number;
  /** The body, exactly; for `validationFailed`, without its `details`. */
  readonly body: JsonBody;
  /** The OpenAPI response component that documents it. */
  readonly component: string;
  /** What it means to a client, for the OpenAPI document. */
  readonly description: string;
  /** The headers it always carries besides the common ones. */
  readonly headers: readonly string[];
}

function define(
  status: number,
  body: JsonBody,
  component: string,
  description: string,
  headers: readonly string[] = [],
): ErrorAnswerDefinition {
  return Object.freeze({ status, body: Object.freeze(body), component, description, headers: Object.freeze(headers) });
}

/** The contract's error answers, by name. */
export const ERROR_ANSWERS = Object.freeze({
  invalidJson: define(400, { error: 'Invalid JSON body' }, 'InvalidJson', 'The body is not JSON; nothing was changed.'),
  validationFailed: define(
    400,
    { error: 'Validation failed' },
    'ValidationFailed',
    'The input breaks a rule (each problem is in `details`); nothing was changed.',
  ),
  unauthorized: define(
    401,
    { message: 'Unauthorized' },
    'Unauthorized',
    'Missing or invalid token, or an access token without the scope the route needs.',
  ),
  tokenExpired: define(
    401,
    { message: 'The incoming token has expired' },
    'TokenExpired',
    'The token has expired: refresh it or sign in again.',
  ),
  forbidden: define(403, { error: 'Forbidden' }, 'Forbidden', 'The caller is not a member of the `admin` group.'),
  noteNotFound: define(
    404,
    { error: 'Note not found' },
    'NoteNotFound',
    'The caller has no such note, whoever else may.',
  ),
  attachmentNotFound: define(
    404,
    { error: 'Attachment not found' },
    'AttachmentNotFound',
    'The note has no such attachment, or its upload request expired unconfirmed.',
  ),
  routeNotFound: define(404, { error: 'Not found' }, 'RouteNotFound', 'No such route or method.'),
  noteConflict: define(409, { error: 'Note already exists' }, 'NoteConflict', 'A note with this id already exists.'),
  tooManyAttachments: define(
    409,
    { error: 'Too many attachments' },
    'TooManyAttachments',
    'The note carries as many attachments as it may (10 by default); delete one first.',
  ),
  attachmentQuotaExceeded: define(
    409,
    { error: 'Attachment quota exceeded' },
    'AttachmentQuotaExceeded',
    "The file would take the caller's attachments past their storage quota; delete some first.",
  ),
  attachmentNotReady: define(
    409,
    { error: 'Attachment not uploaded yet' },
    'AttachmentNotReady',
    'The file has not been uploaded and confirmed yet: upload it, then confirm.',
  ),
  uploadMissing: define(
    409,
    { error: 'Upload not found' },
    'UploadMissing',
    'No file was uploaded with the upload request yet: upload it, then confirm again.',
  ),
  uploadMismatch: define(
    409,
    { error: 'Upload does not match the request' },
    'UploadMismatch',
    'The uploaded file has another size or type than the request promised; it was removed. Upload the promised file, then confirm again.',
  ),
  idempotencyInProgress: define(
    409,
    { error: 'A request with this Idempotency-Key is in progress' },
    'IdempotencyInProgress',
    'An earlier request with the same `Idempotency-Key` is still running; retry after `Retry-After` seconds.',
    ['Retry-After'],
  ),
  versionMismatch: define(
    412,
    { error: 'Version mismatch' },
    'VersionMismatch',
    '`If-Match` names another version than the current one; nothing was changed.',
  ),
  payloadTooLarge: define(
    413,
    { error: 'Payload too large' },
    'PayloadTooLarge',
    'The body is over the body limit (300 KiB by default); nothing was changed.',
  ),
  idempotencyKeyReused: define(
    422,
    { error: 'Idempotency-Key reused with another request' },
    'IdempotencyKeyReused',
    'The `Idempotency-Key` was used before with another request (method, route or body); nothing was changed.',
  ),
  tooManyRequests: define(
    429,
    { message: 'Too Many Requests' },
    'TooManyRequests',
    'The caller sent more requests than its rate allows (as API Gateway throttles, with its body); retry after `Retry-After` seconds.',
    ['Retry-After'],
  ),
  internalError: define(
    500,
    { error: 'Internal server error' },
    'InternalError',
    'Something unexpected; the details are in the server log only.',
  ),
  unavailable: define(
    503,
    { error: 'Service unavailable' },
    'Unavailable',
    'Storage is throttled or unreachable, or the server has not loaded the token signing keys yet; nothing was half-written. Retry after `Retry-After` seconds.',
    ['Retry-After'],
  ),
});

export type ErrorAnswerName = keyof typeof ERROR_ANSWERS;

/** What a runtime sends for a failure. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: JsonBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True when the failure is the server's, not the caller's: its details belong in the log. */
  readonly serverFault: boolean;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function answerOf(name: ErrorAnswerName, headers: Readonly<Record<string, string>> = NO_HEADERS): ErrorAnswer {
  const { status, body } = ERROR_ANSWERS[name];
  return { status, body, headers, serverFault: status >= 500 };
}

/**
 * A problem that the HTTP layer finds before any use case runs (a body that is not JSON or too
 * large, an `If-Match` no version can satisfy, a missing token, an unknown route).
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly answer: ErrorAnswerName;
  /** When the client may try again, sent as `Retry-After` (a 429). */
  readonly retryAfterSeconds: number | undefined;

  constructor(answer: ErrorAnswerName, options?: ErrorOptions & { readonly retryAfterSeconds?: number }) {
    super(`HTTP ${ERROR_ANSWERS[answer].status}: ${answer}`, options);
    this.answer = answer;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  static invalidJson(cause?: unknown): HttpProblem {
    return new HttpProblem('invalidJson', { cause });
  }

  static payloadTooLarge(): HttpProblem {
    return new HttpProblem('payloadTooLarge');
  }

  /** An `If-Match` that no version can satisfy answers as a stale one does. */
  static preconditionFailed(): HttpProblem {
    return new HttpProblem('versionMismatch');
  }

  static unauthorized(): HttpProblem {
    return new HttpProblem('unauthorized');
  }

  static routeNotFound(): HttpProblem {
    return new HttpProblem('routeNotFound');
  }

  /** Over the caller's rate: retry after `retryAfterSeconds`. */
  static tooManyRequests(retryAfterSeconds: number): HttpProblem {
    return new HttpProblem('tooManyRequests', { retryAfterSeconds });
  }
}

/** `Retry-After` in whole seconds, at least 1. */
function retryAfterHeader(seconds: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) };
}

/** The body of a `400 Validation failed`. */
export function validationFailedBody(details: readonly FieldIssue[]): JsonBody {
  return { ...ERROR_ANSWERS.validationFailed.body, details };
}

/**
 * The HTTP answer to any thrown value.
 *
 * @example
 * toErrorAnswer(new NoteNotFoundError(id)) // { status: 404, body: { error: 'Note not found' }, … }
 */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpProblem) {
    return error.retryAfterSeconds === undefined
      ? answerOf(error.answer)
      : answerOf(error.answer, retryAfterHeader(error.retryAfterSeconds));
  }
  if (!isDomainError(error)) return answerOf('internalError');
  switch (error.code) {
    case 'VALIDATION':
      return { ...answerOf('validationFailed'), body: validationFailedBody(error.details) };
    case 'NOT_FOUND':
      return answerOf('noteNotFound');
    case 'VERSION_MISMATCH':
      return answerOf('versionMismatch');
    case 'CONFLICT':
      return answerOf('noteConflict');
    case 'FORBIDDEN':
      return answerOf('forbidden');
    case 'UNAUTHENTICATED':
      return answerOf(error.reason === 'expired' ? 'tokenExpired' : 'unauthorized');
    case 'UNAVAILABLE':
      return answerOf('unavailable', retryAfterHeader(error.retryAfterSeconds));
    case 'IDEMPOTENCY_IN_PROGRESS':
      return answerOf('idempotencyInProgress', retryAfterHeader(error.retryAfterSeconds));
    case 'IDEMPOTENCY_KEY_REUSED':
      return answerOf('idempotencyKeyReused');
    case 'ATTACHMENT_NOT_FOUND':
      return answerOf('attachmentNotFound');
    case 'ATTACHMENT_LIMIT':
      return answerOf(error.limit === 'count' ? 'tooManyAttachments' : 'attachmentQuotaExceeded');
    case 'ATTACHMENT_STATE':
      switch (error.problem) {
        case 'not-ready':
          return answerOf('attachmentNotReady');
        case 'upload-missing':
          return answerOf('uploadMissing');
        case 'upload-differs':
          return answerOf('uploadMismatch');
        default:
          return assertNever(error.problem);
      }
    case 'CONCURRENT_CHANGE':
      return answerOf('unavailable', retryAfterHeader(1));
    default:
      return assertNever(error);
  }
}
