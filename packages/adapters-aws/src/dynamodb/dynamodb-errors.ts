/**
 * How the SDK's failures become the port's errors, in one place. By the time an error gets
 * here the SDK has already retried what it considers retryable; what is left is either
 * transient (throttled, unreachable, timed out: `UnavailableError`, a 503 with Retry-After),
 * caused by the user's input (an item over DynamoDB's 400 KB: `ValidationError`, a 400), or a
 * bug (rethrown untouched, a 500 with the details only in the log). A failed condition is
 * not handled here: only the operation knows what its condition meant.
 */
import { UnavailableError, ValidationError } from '@secure-notes/domain';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// AbortError: the request's deadline passed (see `withDeadline`), retries included.
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/** Seconds a client should wait before retrying, by kind of failure. */
export const RETRY_AFTER_SECONDS = { throttled: 2, unreachable: 1 } as const;

export type DynamoDbFailure = 'condition-failed' | 'throttled' | 'unreachable' | 'item-too-large' | 'other';

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

function isNetworkFailure(error: ErrorShape): boolean {
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return true;
  // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
  return Array.isArray(error.errors) && error.errors.some((inner) => isNetworkFailure(shapeOf(inner)));
}

/** What kind of failure an error from `client.send` is. */
export function classifyDynamoDbError(error: unknown): DynamoDbFailure {
  const shape = shapeOf(error);
  const name = typeof shape.name === 'string' ? shape.name : '';
  if (name === 'ConditionalCheckFailedException') return 'condition-failed';
  if (THROTTLING.has(name)) return 'throttled';
  if (TIMEOUT_NAMES.has(name) || isNetworkFailure(shape)) return 'unreachable';
  const status = shape.$metadata?.httpStatusCode;
  if (shape.$fault === 'server' || (typeof status === 'number' && status >= 500)) return 'unreachable';
  if (name === 'ValidationException' && typeof shape.message === 'string' && /item size/i.test(shape.message)) {
    // DynamoDB: "Item size has exceeded the maximum allowed size" (also "Item size to update ...").
    return 'item-too-large';
  }
  return 'other';
}

/**
 * The port's error for a failure that is not a failed condition, or the error itself when
 * it is a bug. Never throws; the caller throws what it returns.
 */
export function toPortError(error: unknown): unknown {
  switch (classifyDynamoDbError(error)) {
    case 'throttled':
      return new UnavailableError('DynamoDB is throttling requests; retry shortly', RETRY_AFTER_SECONDS.throttled, {
        cause: error,
      });
    case 'unreachable':
      return new UnavailableError(
        'DynamoDB did not answer in time or could not be reached; retry shortly',
        RETRY_AFTER_SECONDS.unreachable,
        { cause: error },
      );
    case 'item-too-large':
      return new ValidationError(
        [{ field: 'content', message: 'makes the note larger than the 400 KB that storage accepts; shorten it' }],
        { cause: error },
      );
    case 'condition-failed':
    case 'other':
      return error;
  }
}
