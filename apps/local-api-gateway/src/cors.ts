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

export class GatewayCors {
  readonly #config: GatewayCorsConfig | undefined;
  readonly #origins: ReadonlySet<string>;

  constructor(config: GatewayCorsConfig | undefined) {
    this.#config = config !== undefined && config.origins.length > 0 ? config : undefined;
    this.#origins = new Set(this.#config?.origins ?? []);
  }

  /** Whether OPTIONS preflights are answered at all (only with origins configured, as the infrastructure deploys them). */
  get enabled(): boolean {
    return this.#config !== undefined;
  }

  /** Headers for one of the gateway's own error answers. */
  errorHeaders(origin: string | undefined): Record<string, string> {
    const config = this.#config;
    if (config === undefined) return {};
    if (origin === undefined || !this.#origins.has(origin)) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': config.exposeHeaders.join(','),
      Vary: 'Origin',
    };
  }

  /** Headers for a preflight's 204. */
  preflightHeaders(origin: string | undefined): Record<string, string> {
    const config = this.#config;
    if (config === undefined) return {};
    if (origin === undefined || !this.#origins.has(origin)) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': config.allowMethods.join(','),
      'Access-Control-Allow-Headers': config.allowHeaders.join(','),
      'Access-Control-Max-Age': String(config.maxAgeSeconds),
      Vary: 'Origin',
    };
  }
}
