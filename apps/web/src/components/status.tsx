/** Loading, error and waiting states, said in words and announced to screen readers. */
import { ApiError, describeError } from '../lib/api-error.js';

export function Loading({ label }: { label: string }) {
  return (
    <p className="status" role="status">
      {label}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{describeError(error)}</p>
      {onRetry !== undefined && error instanceof ApiError && error.status !== 401 && error.status !== 404 && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** While TanStack Query waits to retry (429, 503): why, and that it will go on by itself. */
export function RetryNotice({ failureReason }: { failureReason: unknown }) {
  if (!(failureReason instanceof ApiError)) return null;
  return (
    <p className="notice" role="status">
      {describeError(failureReason)} Retrying automatically…
    </p>
  );
}
