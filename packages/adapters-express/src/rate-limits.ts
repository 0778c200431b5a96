/**
 * Resource consumption (OWASP API4): every caller gets a rate, as API Gateway's stage throttling
 * gives the Lambda runtime one. Two limits, counted by rate-limiter-flexible: by address before
 * the token is checked (so a flood of bad tokens cannot keep the verifier busy), and by the
 * token's `sub` once it is verified (so one user cannot starve the others, wherever they connect
 * from). Past either, the answer is API Gateway's own throttling answer, `429 {"message":"Too
 * Many Requests"}`, with `Retry-After`. A limit of 0 turns it off.
 *
 * The caller's limit is announced on every answer with the IETF draft's `RateLimit-Policy` and
 * `RateLimit` headers (draft 7's form: `limit=600, remaining=598, reset=42`). The counts live in
 * the process: behind a load balancer each instance counts its own share, as each API Gateway
 * stage counts its own.
 *
 * One limiter costs one Map lookup and one settled promise per request, which matters on the hot
 * path: rate-limiter-flexible's memory limiter is cheaper per request than express-rate-limit's
 * middleware chain (`pnpm bench:profile` shows both).
 */

import { isIPv4 } from 'node:net';
import { HttpProblem } from '@secure-notes/http-api';
import type { Request, Response } from 'express';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Requests per minute for one verified caller (`sub`); 0 for no limit. */
  readonly perCallerPerMinute: number;
  /** Requests per minute from one address before the token is checked; 0 for no limit. */
  readonly perAddressPerMinute: number;
}

/** Generous for a person, tight for a script: about 10 requests a second per caller. */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = { perCallerPerMinute: 600, perAddressPerMinute: 1200 };

const WINDOW_SECONDS = 60;
const IPV4_MAPPED = '::ffff:';

/**
 * The key of an address: an IPv4 address as it is, an IPv6 address by its /64 network (one
 * subscriber's allocation, inside which an attacker could otherwise take a fresh address per
 * request); an IPv4-mapped IPv6 address as the IPv4 address it carries.
 *
 * @example
 * addressKey('2001:db8:1:2:aaaa::1') // 'ip:2001:db8:1:2::/64'
 */
export function addressKey(address: string | undefined): string {
  // The common cases first, without parsing: an IPv4 client, plain or as a dual-stack server sees it.
  if (address !== undefined && isIPv4(address)) return `ip:${address}`;
  if (address?.startsWith(IPV4_MAPPED) && isIPv4(address.slice(IPV4_MAPPED.length))) {
    return `ip:${address.slice(IPV4_MAPPED.length)}`;
  }
  if (address === undefined || !ipaddr.isValid(address)) return `ip:${address ?? 'unknown'}`;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return `ip:${parsed.toString()}`;
  const network = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `ip:${network.join(':')}::/64`;
}

/** One limit: counts a request against its key; rejects with the contract's 429 past the limit. */
export type RateLimitCheck = (req: Request, res: Response) => Promise<void>;

function limiter(
  limit: number,
  keyOf: (req: Request, res: Response) => string,
  { announce }: { announce: boolean },
): RateLimitCheck {
  const counts = new RateLimiterMemory({ points: limit, duration: WINDOW_SECONDS });
  const policy = `${limit};w=${WINDOW_SECONDS}`;
  const tell = (res: Response, result: RateLimiterRes) => {
    if (!announce) return;
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader(
      'RateLimit',
      `limit=${limit}, remaining=${result.remainingPoints}, reset=${Math.ceil(result.msBeforeNext / 1000)}`,
    );
  };
  return (req, res) =>
    counts.consume(keyOf(req, res)).then(
      (result) => tell(res, result),
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        tell(res, refusal);
        throw HttpProblem.tooManyRequests(refusal.msBeforeNext / 1000);
      },
    );
}

/** The two limits; a limit of 0 is no check at all (`undefined`), not a check that always passes. */
export interface RateLimits {
  /** Before the token is checked, by the client's address. */
  readonly byAddress?: RateLimitCheck;
  /** After, by the verified caller's `sub` (`res.locals.principal`). */
  readonly byCaller?: RateLimitCheck;
}

/**
 * @example
 * const limits = rateLimits(DEFAULT_RATE_LIMITS);
 * await limits.byAddress?.(req, res); // then verify the token, then:
 * await limits.byCaller?.(req, res);
 */
export function rateLimits(options: RateLimitOptions): RateLimits {
  return {
    ...(options.perAddressPerMinute > 0
      ? {
          byAddress: limiter(options.perAddressPerMinute, (req) => addressKey(req.ip ?? req.socket.remoteAddress), {
            announce: false,
          }),
        }
      : {}),
    ...(options.perCallerPerMinute > 0
      ? {
          byCaller: limiter(
            options.perCallerPerMinute,
            (_req, res) => `sub:${(res.locals.principal as { userId: string }).userId}`,
            { announce: true },
          ),
        }
      : {}),
  };
}
