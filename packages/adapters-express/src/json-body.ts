/**
 * Reads a request body for the contract's JSON rules (`parseJsonBody` in the shared contract):
 * the bytes up to the limit, whatever the `Content-Type` (the tutorial's `curl -d` sends
 * `application/x-www-form-urlencoded`). Past the limit the read stops and the answer is a 413.
 */
import { DEFAULT_BODY_LIMIT_BYTES, HttpProblem, parseJsonBody } from '@secure-notes/http-api';
import express, { type RequestHandler } from 'express';

export { DEFAULT_BODY_LIMIT_BYTES };

interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

/** Reads and parses the body into `res.locals.body` (`undefined` when there is none). */
export function jsonBody(limitBytes: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit: limitBytes });
  return (req, res, next) => {
    raw(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        const problem = error as BodyParserError;
        next(
          problem.type === 'entity.too.large' || problem.status === 413
            ? HttpProblem.payloadTooLarge()
            : HttpProblem.invalidJson(error),
        );
        return;
      }
      try {
        const bytes: unknown = req.body;
        res.locals.body = bytes instanceof Buffer ? parseJsonBody(bytes, limitBytes) : undefined;
      } catch (parseError) {
        next(parseError);
        return;
      }
      next();
    });
  };
}
