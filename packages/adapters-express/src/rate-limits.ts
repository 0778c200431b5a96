/**
 * Resource consumption (OWASP API4): every caller gets a rate, as API Gateway's stage throttling
 * gives the Lambda runtime one. Two limits, on express-rate-limit: by address before the token is
 * checked (so a flood of bad tokens cannot keep the verifier busy), and by the token's `sub`
 * once it is verified (so one user cannot starve the others, wherever they connect from). Past
 * either, the answer is API Gateway's own throttling answer, `429 {"message":"Too Many
 * Requests"}`, with `Retry-After`. A limit of 0 turns it off.
 */
import { HttpProblem } from '@secure-notes/http-api';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface RateLimitOptions {
  /** Requests per minute for one verified caller (`sub`); 0 for no limit. */
  readonly perCallerPerMinute: number;
  /** Requests per minute from one address before the token is checked; 0 for no limit. */
  readonly perAddressPerMinute: number;
}

/** Generous for a person, tight for a script: about 10 requests a second per caller. */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = { perCallerPerMinute: 600, perAddressPerMinute: 1200 };

const WINDOW_MS = 60_000;

function limiter(limit: number, key: (req: Request, res: Response) => string): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    keyGenerator: key,
    // draft-7's `RateLimit` header: draft-8 names the policy with a hash of the key on every
    // response, which cost a fifth of the server's time under load.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next, options) => {
      const resetTime = (_req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? (resetTime.getTime() - Date.now()) / 1000 : options.windowMs / 1000;
      next(HttpProblem.tooManyRequests(seconds));
    },
  });
}

const noLimit: RequestHandler = (_req, _res, next) => next();

/**
 * @example
 * const limits = rateLimits(DEFAULT_RATE_LIMITS);
 * app.get('/notes', limits.byAddress, authorizer(verifier, 'read'), limits.byCaller, handler);
 */
export function rateLimits(options: RateLimitOptions): { byAddress: RequestHandler; byCaller: RequestHandler } {
  return {
    byAddress:
      options.perAddressPerMinute > 0
        ? limiter(options.perAddressPerMinute, (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'))
        : noLimit,
    byCaller:
      options.perCallerPerMinute > 0
        ? limiter(
            options.perCallerPerMinute,
            (_req, res) => `sub:${(res.locals.principal as { userId: string }).userId}`,
          )
        : noLimit,
  };
}
