/**
 * Request bodies are JSON whatever their `Content-Type` says: the seed's `curl -d` sends
 * `application/x-www-form-urlencoded`, and API Gateway hands the Lambda the raw text either way.
 * The bytes are read up to the limit (413 beyond it), decoded as UTF-8 (JSON's only encoding,
 * whatever charset is declared) and parsed; a body that is not JSON is a 400 before any use
 * case runs. An empty body is "no body", which each route interprets.
 */
import express, { type RequestHandler } from 'express';
import { HttpProblem } from './error-mapping.js';

/** What api.md allows by default: 300 KiB, room for 256 KiB of content plus JSON escaping. */
export const DEFAULT_BODY_LIMIT_BYTES = 300 * 1024;

const NO_BODY: unique symbol = Symbol('no body');

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

/** Reads and parses the body into `res.locals.body`. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: limitBytes });
  const readRaw: RequestHandler = (req, res, next) => {
    raw(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        next();
        return;
      }
      const problem = error as BodyParserError;
      next(
        problem.type === 'entity.too.large' || problem.status === 413
          ? HttpProblem.payloadTooLarge()
          : HttpProblem.invalidJson(error),
      );
    });
  };
  const parse: RequestHandler = (req, res, next) => {
    const bytes: unknown = req.body;
    if (!(bytes instanceof Buffer) || bytes.byteLength === 0) {
      res.locals.body = NO_BODY;
      next();
      return;
    }
    try {
      res.locals.body = JSON.parse(utf8.decode(bytes));
    } catch (error) {
      throw HttpProblem.invalidJson(error);
    }
    next();
  };
  return [readRaw, parse];
}

/** The parsed body, or `whenAbsent` when the request had none. */
export function bodyOf(locals: Record<string, unknown>, whenAbsent: unknown): unknown {
  return locals.body === NO_BODY || !('body' in locals) ? whenAbsent : locals.body;
}
