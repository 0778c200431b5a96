/**
 * What went wrong with a call to the Notes API, and how to say it to a person. Every status the
 * API (or the gateway in front of it) answers with gets its own sentence: what happened and
 * what to do; the body's own text only adds detail.
 */

/** A failed call: `status` 0 when no answer came (network, CORS, DNS). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly body: unknown;
  /** From `Retry-After`, in seconds, when the answer had one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: unknown, retryAfterSeconds?: number, options?: ErrorOptions) {
    super(`The Notes API answered ${status}`, options);
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function wait(seconds: number | undefined, fallback: string): string {
  if (seconds === undefined) return fallback;
  return seconds === 1 ? 'Try again in 1 second.' : `Try again in ${seconds} seconds.`;
}

function validationDetails(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('details' in body) || !Array.isArray(body.details)) return '';
  const parts = body.details
    .map((detail: unknown) =>
      typeof detail === 'object' && detail !== null && 'field' in detail && 'message' in detail
        ? `${String(detail.field)} ${String(detail.message)}`
        : undefined,
    )
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** A sentence for a person: what happened and what to do next. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'Something went wrong in the app. Reload the page; your draft is kept in this tab.';
  }
  const { status, retryAfterSeconds } = error;
  switch (status) {
    case 0:
      return 'The notes service could not be reached. Check your connection and try again.';
    case 400:
      return `The notes service could not accept this${validationDetails(error.body)}. Change it and try again.`;
    case 401:
      return 'Your session has ended. Sign in again; your draft is kept in this tab.';
    case 403:
      return 'You are not allowed to do this. The admin view is only for members of the admin group.';
    case 404:
      return 'This note does not exist, or it was deleted.';
    case 409:
      return `The same change is still being saved. ${wait(retryAfterSeconds, 'Try again in a moment.')}`;
    case 412:
      return 'Someone changed this note after you opened it. Compare the two versions and choose one.';
    case 413:
      return 'The note is too long to save. Shorten it and try again.';
    case 422:
      return 'This save was mixed up with an earlier, different one. Reload the note and save again.';
    case 429:
      return `Too many requests in a short time. ${wait(retryAfterSeconds, 'Wait a moment and try again.')}`;
    case 503:
      return `The notes service is unavailable for a moment; nothing was changed. ${wait(retryAfterSeconds, 'Try again shortly.')}`;
    default:
      return status >= 500
        ? 'The notes service failed to answer this request. Try again; if it keeps failing, try later.'
        : `The notes service refused this request (${status}).`;
  }
}

/** Whether trying the same call again later can succeed (and nothing was done the first time). */
export function isRetryable(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 429 || error.status === 503 || error.status === 409);
}
