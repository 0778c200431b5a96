/**
 * Cross-origin access, as the API reference states it for every runtime: only the configured
 * origins, the same allowed and exposed headers everywhere. The Express server answers
 * preflights itself; behind API Gateway the OPTIONS methods (and the gateway's own 4XX/5XX
 * answers) carry the same headers, and the Lambda's proxy responses carry them too, because
 * API Gateway adds nothing to a proxy integration's answer. Nothing is computed per request
 * when no origin is configured or none is sent.
 */

export const CORS_ALLOWED_METHODS: readonly string[] = Object.freeze(['GET', 'POST', 'PATCH', 'DELETE']);
export const CORS_ALLOWED_HEADERS: readonly string[] = Object.freeze([
  'Authorization',
  'Content-Type',
  'If-Match',
  'Idempotency-Key',
  'X-Request-Id',
]);
export const CORS_EXPOSED_HEADERS: readonly string[] = Object.freeze([
  'ETag',
  'Location',
  'Retry-After',
  'X-Request-Id',
  'Idempotent-Replayed',
]);
/** How long a browser may keep a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 600;

type Headers = Readonly<Record<string, string>>;

const NONE: Headers = Object.freeze({});
const VARY: Headers = Object.freeze({ Vary: 'Origin' });

/**
 * The CORS headers for the configured origins, as browsers send them (`https://app.example.com`).
 *
 * @example
 * const cors = new CorsPolicy(['https://app.example.com']);
 * cors.responseHeaders(request.headers.origin) // { 'Access-Control-Allow-Origin': ..., Vary: 'Origin', ... }
 */
export class CorsPolicy {
  readonly origins: ReadonlySet<string>;
  readonly #simple = new Map<string, Headers>();
  readonly #preflight = new Map<string, Headers>();

  constructor(origins: readonly string[] = []) {
    this.origins = new Set(origins);
    for (const origin of this.origins) {
      const base = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
      this.#simple.set(
        origin,
        Object.freeze({ ...base, 'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(',') }),
      );
      this.#preflight.set(
        origin,
        Object.freeze({
          ...base,
          'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS.join(','),
          'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(','),
          'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
        }),
      );
    }
  }

  /** Whether any origin is configured at all. */
  get enabled(): boolean {
    return this.origins.size > 0;
  }

  /** Headers for an actual request's answer from `origin` (the request's `Origin` header). */
  responseHeaders(origin: string | null | undefined): Headers {
    if (this.origins.size === 0) return NONE;
    if (origin === undefined || origin === null) return VARY;
    return this.#simple.get(origin) ?? VARY;
  }

  /** Headers for a preflight (`OPTIONS`) from `origin`, or `undefined` when the origin is not allowed. */
  preflightHeaders(origin: string | null | undefined): Headers | undefined {
    if (origin === undefined || origin === null) return undefined;
    return this.#preflight.get(origin);
  }
}
