/**
 * The domain's failures. Every error has a literal `code`, so that each driving adapter maps
 * them to its protocol in one exhaustive `switch` (see `assertNever`). Adapters translate
 * their own technology's failures into these; nothing else crosses the port boundary.
 */

export type DomainErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'VERSION_MISMATCH'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ATTACHMENT_NOT_FOUND'
  | 'ATTACHMENT_LIMIT'
  | 'ATTACHMENT_STATE'
  | 'CONCURRENT_CHANGE';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

export interface FieldIssue {
  /** The input field at fault, dotted for nested fields; `""` for the input as a whole. */
  readonly field: string;
  readonly message: string;
}

/** The input breaks a rule; nothing was changed. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;
  override readonly name = 'ValidationError';
  readonly details: readonly FieldIssue[];

  constructor(details: readonly FieldIssue[], options?: ErrorOptions) {
    super(`Validation failed: ${details.map((d) => `${d.field || '(input)'} ${d.message}`).join('; ')}`, options);
    this.details = details;
  }
}

/** The caller has no such note. Also what another owner's note looks like: never "forbidden". */
export class NoteNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  override readonly name = 'NoteNotFoundError';
  readonly noteId: string;

  constructor(noteId: string, options?: ErrorOptions) {
    super(`Note ${noteId} not found`, options);
    this.noteId = noteId;
  }
}

/** The note exists, but not at the version the caller expected (optimistic concurrency). */
export class VersionMismatchError extends DomainError {
  readonly code = 'VERSION_MISMATCH' as const;
  override readonly name = 'VersionMismatchError';
  readonly noteId: string;
  readonly expectedVersion: number;

  constructor(noteId: string, expectedVersion: number, options?: ErrorOptions) {
    super(`Note ${noteId} is not at version ${expectedVersion}`, options);
    this.noteId = noteId;
    this.expectedVersion = expectedVersion;
  }
}

/** A note with this id already exists (a create must never overwrite). */
export class NoteConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
  override readonly name = 'NoteConflictError';
  readonly noteId: string;

  constructor(noteId: string, options?: ErrorOptions) {
    super(`Note ${noteId} already exists`, options);
    this.noteId = noteId;
  }
}

/** The caller is known but may not do this (for example: not in the `admin` group). */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  override readonly name = 'ForbiddenError';
}

export type UnauthenticatedReason = 'invalid' | 'expired';

/** No valid identity: the token is missing, malformed, forged, expired or lacks the scope. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  override readonly name = 'UnauthenticatedError';
  readonly reason: UnauthenticatedReason;

  constructor(reason: UnauthenticatedReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A dependency is throttled or unreachable; retrying later may succeed. Nothing was half-written. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE' as const;
  override readonly name = 'UnavailableError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An earlier request with the same idempotency key is still running; retry after it ends. */
export class IdempotencyInProgressError extends DomainError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS' as const;
  override readonly name = 'IdempotencyInProgressError';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds = 1, options?: ErrorOptions) {
    super('A request with this idempotency key is still in progress', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The idempotency key was used before with another request (method, route or body). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED' as const;
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(options?: ErrorOptions) {
    super('This idempotency key was used with another request', options);
  }
}

/** The note has no such attachment (or the caller has no such note's attachment). */
export class AttachmentNotFoundError extends DomainError {
  readonly code = 'ATTACHMENT_NOT_FOUND' as const;
  override readonly name = 'AttachmentNotFoundError';
  readonly attachmentId: string;

  constructor(attachmentId: string, options?: ErrorOptions) {
    super(`Attachment ${attachmentId} not found`, options);
    this.attachmentId = attachmentId;
  }
}

export type AttachmentLimit = 'count' | 'quota';

/** One more file would break a limit: the note's attachment count or the owner's storage quota. */
export class AttachmentLimitError extends DomainError {
  readonly code = 'ATTACHMENT_LIMIT' as const;
  override readonly name = 'AttachmentLimitError';
  readonly limit: AttachmentLimit;

  constructor(limit: AttachmentLimit, message: string, options?: ErrorOptions) {
    super(message, options);
    this.limit = limit;
  }
}

/**
 * The attachment is not in the state the request needs: a download of a file not uploaded and
 * confirmed yet, a confirmation with no upload, or with an upload other than promised.
 */
export type AttachmentStateProblem = 'not-ready' | 'upload-missing' | 'upload-differs';

export class AttachmentStateError extends DomainError {
  readonly code = 'ATTACHMENT_STATE' as const;
  override readonly name = 'AttachmentStateError';
  readonly problem: AttachmentStateProblem;

  constructor(problem: AttachmentStateProblem, message: string, options?: ErrorOptions) {
    super(message, options);
    this.problem = problem;
  }
}

/** Someone else changed the same record between this call's read and its write; retrying may succeed. */
export class ConcurrentChangeError extends DomainError {
  readonly code = 'CONCURRENT_CHANGE' as const;
  override readonly name = 'ConcurrentChangeError';
}

export type AnyDomainError =
  | ValidationError
  | NoteNotFoundError
  | VersionMismatchError
  | NoteConflictError
  | ForbiddenError
  | UnauthenticatedError
  | UnavailableError
  | IdempotencyInProgressError
  | IdempotencyKeyReusedError
  | AttachmentNotFoundError
  | AttachmentLimitError
  | AttachmentStateError
  | ConcurrentChangeError;

export function isDomainError(error: unknown): error is AnyDomainError {
  return error instanceof DomainError;
}

/** Ends an exhaustive `switch`: adding an error code without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
