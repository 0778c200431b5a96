/**
 * API Gateway's Cognito user pool authorizer (REST API), as the tutorial's Part VI sets it up:
 *
 * - the token is the identity header's value, raw or `Bearer <token>`; none is a 401;
 * - it must be signed by one of the pool's keys (its JWKS, fetched once and kept, fetched again
 *   only for an unknown `kid`) and carry the pool's issuer; the app client is not checked: any
 *   client of the pool will do;
 * - a method without OAuth scopes takes ID tokens only; a method with scopes takes access
 *   tokens that hold at least one of them;
 * - an expired token is `401 {"message":"The incoming token has expired"}`, anything else
 *   wrong `401 {"message":"Unauthorized"}`;
 * - the integration receives the claims at `requestContext.authorizer.claims`, every value a
 *   string: numbers as digits, booleans as `true`/`false`, `exp` and `iat` as Java prints a
 *   date (`Tue Jun 18 15:00:04 UTC 2024`), lists comma-joined.
 *
 * Verification is aws-jwt-verify's `JwtVerifier` for the pool's issuer, with a JWKS fetcher on
 * the platform's `fetch`, because the library's own fetcher speaks `https://` only and a local
 * Cognito serves `http://localhost`.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksValidationError, JwtExpiredError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type Authorizer,
  type CognitoAuthorizerDefinition,
  identityHeaderName,
  refuse,
} from './authorizers.js';
import { headerValue } from './proxy-event.js';

/** How long one JWKS download may take. */
const JWKS_TIMEOUT_MS = 5000;

function jwksFetcher(fetchImpl: typeof globalThis.fetch): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      const response = await fetchImpl(uri, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(JWKS_TIMEOUT_MS),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new NonRetryableFetchError(uri, `the JWKS at ${uri} answered HTTP ${response.status}`);
      }
      return response.arrayBuffer();
    },
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue Jun 18 15:00:04 UTC 2024`: a time in epoch seconds as API Gateway (Java) prints it. */
export function javaDateOf(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/**
 * The claims as the integration receives them from the Cognito authorizer: every value a string.
 *
 * @example
 * claimsAsStrings({ sub: 'u', email_verified: true, auth_time: 1718636404, exp: 1718722804, 'cognito:groups': ['admin'] })
 * // { sub: 'u', email_verified: 'true', auth_time: '1718636404', exp: 'Tue Jun 18 15:00:04 UTC 2024', 'cognito:groups': 'admin' }
 */
export function claimsAsStrings(payload: Readonly<Record<string, unknown>>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') claims[name] = javaDateOf(value);
    else if (Array.isArray(value)) claims[name] = value.map(String).join(',');
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

export interface CognitoAuthorizerOptions {
  /** The `fetch` the JWKS is downloaded with (tests count downloads). */
  readonly fetch?: typeof globalThis.fetch;
}

export class CognitoUserPoolAuthorizer implements Authorizer {
  readonly #header: string;
  readonly #issuer: string;
  readonly #verifier: { verify(jwt: string): Promise<JwtPayload> };

  /**
   * @example
   * new CognitoUserPoolAuthorizer({ type: 'COGNITO_USER_POOLS', issuer: cognito.issuer, jwksUri: cognito.jwksUri })
   */
  constructor(definition: CognitoAuthorizerDefinition, options: CognitoAuthorizerOptions = {}) {
    this.#header = identityHeaderName(definition.identitySource);
    this.#issuer = definition.issuer;
    const jwksUri = definition.jwksUri ?? `${definition.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    this.#verifier = JwtVerifier.create(
      { issuer: definition.issuer, jwksUri, audience: null },
      { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher(options.fetch ?? globalThis.fetch) }) },
    );
  }

  async authorize(input: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const header = headerValue(input.request.rawHeaders, this.#header)?.trim();
    const token = header?.replace(/^bearer\s+/i, '');
    if (token === undefined || token === '' || /\s/.test(token)) return refuse('UNAUTHORIZED', 'no token');
    let payload: JwtPayload;
    try {
      payload = await this.#verifier.verify(token);
    } catch (error) {
      if (error instanceof JwtExpiredError) {
        return this.#issuedHere(token)
          ? refuse('EXPIRED_TOKEN', 'the token has expired')
          : refuse('UNAUTHORIZED', 'an expired token of another issuer');
      }
      if (error instanceof FetchError || error instanceof JwksValidationError) {
        return refuse('AUTHORIZER_CONFIGURATION_ERROR', `the user pool's keys could not be loaded: ${error.message}`);
      }
      return refuse('UNAUTHORIZED', `the token was not verified (${(error as Error).name})`);
    }
    if (typeof payload.exp !== 'number') return refuse('UNAUTHORIZED', 'the token has no exp');
    if (payload.exp <= Date.now() / 1000) return refuse('EXPIRED_TOKEN', 'the token has expired');
    const refusal = this.#tokenKindRefusal(payload, input.scopes);
    if (refusal !== undefined) return refuse('UNAUTHORIZED', refusal);
    return { allowed: true, context: { claims: claimsAsStrings(payload) }, cached: false };
  }

  #issuedHere(token: string): boolean {
    try {
      return decomposeUnverifiedJwt(token).payload.iss === this.#issuer;
    } catch {
      return false;
    }
  }

  #tokenKindRefusal(payload: JwtPayload, scopes: readonly string[]): string | undefined {
    if (scopes.length === 0) {
      return payload.token_use === 'id' ? undefined : 'a method without OAuth scopes takes ID tokens only';
    }
    if (payload.token_use !== 'access') return 'a method with OAuth scopes takes access tokens only';
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    return scopes.some((scope) => granted.includes(scope))
      ? undefined
      : 'the access token has none of the method scopes';
  }
}
