/**
 * Every failure becomes an HTTP answer here, and only here: one exhaustive `switch` over the
 * domain's error codes (a new code fails to compile until it is mapped), the HTTP layer's own
 * input problems (a body that is not JSON or too large, an `If-Match` no version can satisfy),
 * and a generic 500 that exposes nothing for anything else. The bodies are those of api.md,
 * so that the Express server and API Gateway give the same answer to the same request.
 */
import { assertNever, isDomainError } from '@secure-notes/domain';
import type { ErrorRequestHandler } from 'express';
import { sendJson } from './responses.js';

export const UNAUTHORIZED_BODY = { message: 'Unauthorized' } as const;
export const EXPIRED_TOKEN_BODY = { message: 'The incoming token has expired' } as const;
export const NOT_FOUND_BODY = { error: 'Not found' } as const;

/** A problem with the request that the HTTP layer finds before any use case runs. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Readonly<Record<string, unknown>>, options?: ErrorOptions) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`, options);
    this.status = status;
    this.body = body;
  }

  static invalidJson(cause?: unknown): HttpProblem {
    return new HttpProblem(400, { error: 'Invalid JSON body' }, { cause });
  }

  static payloadTooLarge(): HttpProblem {
    return new HttpProblem(413, { error: 'Payload too large' });
  }

  /** An `If-Match` that no version can satisfy answers as a stale one does. */
  static preconditionFailed(): HttpProblem {
    return new HttpProblem(412, { error: 'Version mismatch' });
  }

  static unauthorized(): HttpProblem {
    return new HttpProblem(401, UNAUTHORIZED_BODY);
  }

  static notFound(): HttpProblem {
    return new HttpProblem(404, NOT_FOUND_BODY);
  }
}

export interface HttpErrorResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  /** True when the failure is the server's, not the caller's: its details belong in the log. */
  readonly serverFault: boolean;
}

function answer(
  status: number,
  body: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): HttpErrorResponse {
  return { status, body, headers, serverFault: status >= 500 };
}

/**
 * The HTTP answer to any thrown value.
 *
 * @example
 * toHttpError(new NoteNotFoundError(id)) // { status: 404, body: { error: 'Note not found' }, … }
 */
export function toHttpError(error: unknown): HttpErrorResponse {
  if (error instanceof HttpProblem) return answer(error.status, error.body);
  if (isDomainError(error)) {
    switch (error.code) {
      case 'VALIDATION':
        return answer(400, { error: 'Validation failed', details: error.details });
      case 'NOT_FOUND':
        return answer(404, { error: 'Note not found' });
      case 'VERSION_MISMATCH':
        return answer(412, { error: 'Version mismatch' });
      case 'CONFLICT':
        return answer(409, { error: 'Note already exists' });
      case 'FORBIDDEN':
        return answer(403, { error: 'Forbidden' });
      case 'UNAUTHENTICATED':
        return answer(401, error.reason === 'expired' ? EXPIRED_TOKEN_BODY : UNAUTHORIZED_BODY);
      case 'UNAVAILABLE':
        return answer(
          503,
          { error: 'Service unavailable' },
          { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
        );
      default:
        return assertNever(error);
    }
  }
  return answer(500, { error: 'Internal server error' });
}

/**
 * The Express error handler: answers with `toHttpError`, and hands server faults to the request
 * log (pino-http logs `res.err` on the request's one line), never to the client.
 */
export function errorMapping(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // A path with broken percent-encoding names no resource: Express's router throws a URIError.
    const response = toHttpError(error instanceof URIError ? HttpProblem.notFound() : error);
    if (response.serverFault) res.err = error instanceof Error ? error : new Error(String(error));
    sendJson(res, response.status, response.body, response.headers);
  };
}
