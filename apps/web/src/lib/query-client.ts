/**
 * TanStack Query's defaults for this API: retry only what the API says can be retried (429,
 * 503, and 409 for a save still in progress), after the `Retry-After` it sent; everything else
 * is shown at once, since repeating a 400, 404 or 412 cannot help.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError, isRetryable } from './api-error.js';

const MAX_RETRIES = 3;

export function retryDelay(attempt: number, error: unknown): number {
  if (error instanceof ApiError && error.retryAfterSeconds !== undefined) return error.retryAfterSeconds * 1000;
  return Math.min(1000 * 2 ** attempt, 8000);
}

/** A read may also be repeated once after no answer came; a write only when the API said nothing was done. */
function retryRead(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return isRetryable(error) || (error instanceof ApiError && error.status === 0 && failureCount < 1);
}

function retryWrite(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryable(error);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryRead, retryDelay, staleTime: 10_000, refetchOnWindowFocus: false },
      mutations: { retry: retryWrite, retryDelay },
    },
  });
}
