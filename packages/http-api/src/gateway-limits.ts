/**
 * The limits API Gateway and AWS WAF apply in front of the deployed API, as the infrastructure
 * deploys them by default; the local API Gateway enforces the same, so a client meets the same
 * 429s locally as on AWS.
 */
import { ERROR_ANSWERS } from './error-answers.js';

/** The stage's throttling: a token bucket of `burstLimit` requests refilled at `rateLimit` per second. */
export const STAGE_THROTTLING = Object.freeze({ rateLimit: 50, burstLimit: 100 });

/**
 * The WAF rate-based rule by source address: at most `limit` requests from one address in each
 * `windowSeconds` (WAF takes windows of 60, 120, 300 or 600 s and a limit of at least 10), the
 * infrastructure's default (its `addressRateLimit` and `addressRateWindow` context).
 */
export const ADDRESS_RATE_LIMIT = Object.freeze({ limit: 1000, windowSeconds: 300 });

/**
 * The WAF rule's custom response (WAF blocks with a bare 403 unless given one): API Gateway's
 * throttling body, and `Retry-After` the rule's window, since a custom response's headers are
 * fixed values.
 */
export const ADDRESS_RATE_LIMITED_ANSWER = Object.freeze({
  status: ERROR_ANSWERS.tooManyRequests.status,
  body: ERROR_ANSWERS.tooManyRequests.body,
  retryAfterSeconds: ADDRESS_RATE_LIMIT.windowSeconds,
});
