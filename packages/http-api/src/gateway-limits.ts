/**
 * The limits API Gateway and AWS WAF apply in front of the deployed API, in one place: the
 * infrastructure deploys them and the local API Gateway enforces them, so a client meets the
 * same 429s locally as on AWS.
 */

/** The stage's throttling: a token bucket of `burstLimit` requests refilled at `rateLimit` per second. */
export const STAGE_THROTTLING = Object.freeze({ rateLimit: 50, burstLimit: 100 });

/**
 * The WAF rate-based rule by source address: at most `limit` requests from one address in each
 * `windowSeconds` (WAF takes windows of 60, 120, 300 or 600 s and a limit of at least 10). The
 * same rate as the Express server's per-address limit, so both runtimes let an address through
 * alike.
 */
export const ADDRESS_RATE_LIMIT = Object.freeze({ limit: 1200, windowSeconds: 60 });

/**
 * The WAF rule's custom response (WAF blocks with a bare 403 unless given one): API Gateway's
 * throttling body, and `Retry-After` the rule's window, since a custom response's headers are
 * fixed values.
 */
export const ADDRESS_RATE_LIMITED_ANSWER = Object.freeze({
  status: 429,
  body: Object.freeze({ message: 'Too Many Requests' }),
  retryAfterSeconds: ADDRESS_RATE_LIMIT.windowSeconds,
});
