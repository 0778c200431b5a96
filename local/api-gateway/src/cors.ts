/**
 * Cross-origin headers on what the gateway itself answers: its own errors (as the API's
 * gateway responses carry them) and the OPTIONS preflights, which API Gateway answers with a
 * mock integration and no authorizer (a browser sends no token with a preflight).
 *
 * A gateway response's headers are fixed values: it can name one origin, not choose among
 * several by the request's. So the errors name exactly one origin, the first configured, on
 * every answer whatever the request's `Origin`, as the infrastructure deploys them. A preflight
 * (a mock integration, which can choose) names the request's origin when it is configured, and
 * none otherwise (`Vary: Origin` only). The function's own answers carry whatever headers the
 * function sets: API Gateway adds none to a proxy integration's answer.
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
  readonly #error: Headers = NONE;
  readonly #preflight = new Map<string, Headers>();

  constructor(config: GatewayCorsConfig | undefined) {
    const first = config?.origins[0];
    if (config === undefined || first === undefined) return;
    const exposeHeaders = config.exposeHeaders.join(',');
    const allowMethods = config.allowMethods.join(',');
    const allowHeaders = config.allowHeaders.join(',');
    const maxAge = String(config.maxAgeSeconds);
    this.#error = Object.freeze({
      'Access-Control-Allow-Origin': first,
      'Access-Control-Expose-Headers': exposeHeaders,
      Vary: 'Origin',
    });
    for (const origin of config.origins) {
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
    return this.#preflight.size > 0;
  }

  /** Headers for one of the gateway's own error answers: the first configured origin, whoever asks. */
  errorHeaders(): Headers {
    return this.#error;
  }

  /** Headers for a preflight's 204. */
  preflightHeaders(origin: string | undefined): Headers {
    return headersFor(this.#preflight, origin);
  }
}
