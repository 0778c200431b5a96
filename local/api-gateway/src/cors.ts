/**
 * Cross-origin headers on what the gateway itself answers: its own errors (as the API's
 * gateway responses carry them) and the OPTIONS preflights, which API Gateway answers with a
 * mock integration and no authorizer (a browser sends no token with a preflight). Only the
 * configured origins are named; an answer to another origin carries `Vary: Origin` only. The
 * function's own answers carry whatever headers the function sets: API Gateway adds none to a
 * proxy integration's answer.
 */

export interface GatewayCorsConfig {
  /** Origins as browsers send them: `https://app.example.com`. */
  readonly origins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

type Headers = Readonly<Record<string, string>>;

const NONE: Headers = Object.freeze({});
const VARY: Headers = Object.freeze({ Vary: 'Origin' });

/** None without origins; `Vary: Origin` alone for an origin not configured (or none sent). */
function headersFor(byOrigin: ReadonlyMap<string, Headers>, origin: string | undefined): Headers {
  if (byOrigin.size === 0) return NONE;
  return (origin === undefined ? undefined : byOrigin.get(origin)) ?? VARY;
}

/** Every answer's headers are built once, per configured origin, when the gateway starts. */
export class GatewayCors {
  readonly #error = new Map<string, Headers>();
  readonly #preflight = new Map<string, Headers>();

  constructor(config: GatewayCorsConfig | undefined) {
    if (config === undefined) return;
    const exposeHeaders = config.exposeHeaders.join(',');
    const allowMethods = config.allowMethods.join(',');
    const allowHeaders = config.allowHeaders.join(',');
    const maxAge = String(config.maxAgeSeconds);
    for (const origin of config.origins) {
      this.#error.set(
        origin,
        Object.freeze({
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Expose-Headers': exposeHeaders,
          Vary: 'Origin',
        }),
      );
      this.#preflight.set(
        origin,
        Object.freeze({
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': allowMethods,
          'Access-Control-Allow-Headers': allowHeaders,
          'Access-Control-Max-Age': maxAge,
          Vary: 'Origin',
        }),
      );
    }
  }

  /** Whether OPTIONS preflights are answered at all (only with origins configured, as the infrastructure deploys them). */
  get enabled(): boolean {
    return this.#error.size > 0;
  }

  /** Headers for one of the gateway's own error answers. */
  errorHeaders(origin: string | undefined): Headers {
    return headersFor(this.#error, origin);
  }

  /** Headers for a preflight's 204. */
  preflightHeaders(origin: string | undefined): Headers {
    return headersFor(this.#preflight, origin);
  }
}
