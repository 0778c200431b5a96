/**
 * The Express error handler: every failure is answered by the shared contract's one mapping
 * (`errorResponse`), and a server fault is handed to the request log (as `res.err`), never to
 * the client.
 */
import { errorResponse, HttpProblem } from '@secure-notes/http-api';
import type { ErrorRequestHandler } from 'express';
import { send } from './responses.js';

export function errorMapping(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // A path with broken percent-encoding names no resource: Express's router throws a URIError.
    const response = errorResponse(error instanceof URIError ? HttpProblem.routeNotFound() : error);
    if (response.answer.serverFault) res.err = error instanceof Error ? error : new Error(String(error));
    send(res, response);
  };
}
