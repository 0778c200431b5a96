/**
 * The `TokenVerifier` for Cognito user pool tokens, on aws-jwt-verify.
 *
 * Two modes share every rule. Without `issuer`, the real pool: `CognitoJwtVerifier`, which
 * derives the issuer (and the JWKS URI) from the pool id. With `issuer`, a local issuer (the
 * project's local Cognito): `JwtVerifier` for that issuer, with the Cognito checks added. In
 * both, `assertCognitoClaims` runs as the library's `customJwtCheck`, after the signature,
 * `exp`, `nbf` and `iss` checks.
 *
 * How aws-jwt-verify 5.x behaves here, checked in its source (dist/esm):
 * - Order: parse → issuer config → key by `kid` → alg allowed (RS/ES/EdDSA; `none` and HS* are
 *   refused) → signature → `exp` → `nbf` → `iss` → `customJwtCheck` → (Cognito mode)
 *   `token_use`/`client_id`. So `JwtExpiredError` proves the signature, but not the issuer,
 *   client or `token_use`: we re-check those before answering "expired".
 * - `exp` is checked only when present: we reject a token without it.
 * - Expired means `exp + graceSeconds < now` (graceSeconds 0 by default, and we keep 0): a token
 *   at exactly `exp` still passes. RFC 7519 says it must be rejected, so we add `exp <= now`.
 * - Keys: `hydrate()` downloads the JWKS into a `SimpleJwksCache`; a cached `kid` never causes a
 *   request. An unknown `kid` makes the cache download the JWKS again (a rotated key), and if
 *   the new JWKS lacks the `kid` too, its `SimplePenaltyBox` refuses further downloads for that
 *   JWKS URI for 10 seconds (the token is rejected without a request). Our fetcher also
 *   reports failed downloads to the penalty box, which the library does not.
 * - `CognitoJwtVerifier` accepts both issuer spellings of a pool,
 *   `https://cognito-idp.{region}.amazonaws.com/{pool}` and
 *   `https://issuer-cognito-idp.{region}.amazonaws.com/{pool}`, each with its own JWKS URI.
 */
import { type Principal, type TokenVerifier, UnauthenticatedError, UnavailableError } from '@secure-notes/domain';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import { type Jwks, SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { assertCognitoClaims, CognitoClaimError, toPrincipal } from './cognito-claims.js';
import {
  type CognitoTokenVerifierConfig,
  DEFAULT_JWKS_FETCH_TIMEOUT_MS,
  resolveVerifierSettings,
} from './cognito-verifier-settings.js';
import { createJwksFetcher } from './jwks-fetcher.js';

/** Tokens longer than this (16 KiB; Node refuses larger headers anyway) are refused unparsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * The token signing keys are not in memory: the JWKS could not be loaded (yet). Thrown by
 * `hydrate()` when the download fails, and by `verify()` until a `hydrate()` succeeds. It is an
 * `UnavailableError` (the contract's 503 with `Retry-After`), not a 401: the token may be good,
 * the server just cannot tell yet. Its message names the JWKS URI and the cause, never a token.
 */
export class SigningKeysNotLoadedError extends UnavailableError {
  /** Where the keys were to be downloaded from. */
  readonly jwksUri: string;

  constructor(message: string, jwksUri: string, options?: ErrorOptions) {
    super(message, 1, options);
    this.jwksUri = jwksUri;
  }
}

/** What we need of either aws-jwt-verify verifier. */
interface LibraryVerifier {
  verify(jwt: string): Promise<JwtPayload>;
  hydrate(): Promise<void>;
  cacheJwks(jwks: Jwks): void;
}

/**
 * Verifies Cognito ID and access tokens and maps them to a `Principal`. Build one per process,
 * `await hydrate()` once at start (cold start), then call `verify` per request: keys come from
 * memory, never from the network per request. Until a `hydrate()` succeeds, `verify` rejects
 * with `SigningKeysNotLoadedError`; a failed `hydrate()` can be called again (a server keeps
 * calling it in the background, see apps/server).
 *
 * @example
 * const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_AbC123xyz', clientIds: ['1example23456789'] });
 * await verifier.hydrate();
 * const principal = await verifier.verify(request.headers.authorization ?? '');
 */
export class CognitoTokenVerifier implements TokenVerifier {
  /** The `iss` that tokens must carry (the regional spelling for a real pool). */
  readonly issuer: string;
  /** Where the keys are downloaded from. */
  readonly jwksUri: string;
  readonly #clientIds: ReadonlySet<string>;
  readonly #issuers: ReadonlySet<string>;
  readonly #library: LibraryVerifier;
  #hydrated = false;
  #hydrating: Promise<void> | undefined;
  /** Why the last `hydrate()` failed, for `verify`'s error while the keys are missing. */
  #lastFailure: SigningKeysNotLoadedError | undefined;

  constructor(config: CognitoTokenVerifierConfig) {
    const settings = resolveVerifierSettings(config);
    this.issuer = settings.issuer;
    this.jwksUri = settings.jwksUri;
    this.#clientIds = new Set(config.clientIds);
    this.#issuers = new Set(settings.acceptedIssuers);

    const penaltyBox = new SimplePenaltyBox();
    const jwksCache = new SimpleJwksCache({
      penaltyBox,
      fetcher: createJwksFetcher({
        timeoutMs: config.fetchTimeoutMs ?? DEFAULT_JWKS_FETCH_TIMEOUT_MS,
        fetch: config.fetch ?? globalThis.fetch,
        penaltyBox,
      }),
    });
    const customJwtCheck = ({ header, payload }: { header: JwtHeader; payload: JwtPayload }) =>
      assertCognitoClaims(header, payload, this.#clientIds);
    this.#library =
      config.issuer === undefined
        ? CognitoJwtVerifier.create(
            { userPoolId: config.userPoolId, clientId: [...config.clientIds], tokenUse: null, customJwtCheck },
            { jwksCache },
          )
        : JwtVerifier.create(
            { issuer: settings.issuer, jwksUri: settings.jwksUri, audience: null, customJwtCheck },
            { jwksCache },
          );

    if (config.jwks !== undefined) {
      this.#library.cacheJwks(settings.jwks as Jwks);
      this.#hydrated = true;
    }
  }

  /** Whether the signing keys are in memory, so that `verify` can answer. */
  get hydrated(): boolean {
    return this.#hydrated;
  }

  /**
   * Downloads the JWKS once; call it at start. Resolves at once when the keys were given as
   * `jwks`. A failed download rejects with `SigningKeysNotLoadedError`, and can be retried by
   * calling it again (calls while one is under way share it).
   */
  async hydrate(): Promise<void> {
    if (this.#hydrated) return;
    this.#hydrating ??= this.#library.hydrate().then(
      () => {
        this.#hydrated = true;
        this.#lastFailure = undefined;
      },
      (error: unknown) => {
        this.#hydrating = undefined;
        this.#lastFailure = new SigningKeysNotLoadedError(
          `Could not load the token signing keys from ${this.jwksUri}: ${error instanceof Error ? error.message : String(error)}. ` +
            'Check that the issuer is reachable (or pass the keys as `jwks`).',
          this.jwksUri,
          { cause: error },
        );
        throw this.#lastFailure;
      },
    );
    return this.#hydrating;
  }

  /**
   * Verifies a raw JWT (a leading `Bearer ` is tolerated) and returns who it names. Rejects with
   * `UnauthenticatedError('expired')` only for a token that is valid in every other way, and
   * with `UnauthenticatedError('invalid')` for anything else; the library's error is the `cause`.
   */
  async verify(token: string): Promise<Principal> {
    if (!this.#hydrated) {
      throw new SigningKeysNotLoadedError(
        `The token signing keys from ${this.jwksUri} are not loaded${this.#lastFailure ? ' (the last download failed)' : ': call hydrate() first'}`,
        this.jwksUri,
        this.#lastFailure === undefined ? undefined : { cause: this.#lastFailure },
      );
    }
    const jwt = extractJwt(token);
    let payload: JwtPayload;
    try {
      payload = await this.#library.verify(jwt);
    } catch (error) {
      if (error instanceof JwtExpiredError) throw this.#expiredOrInvalid(jwt, error);
      throw invalid(error);
    }
    // The library lets a token through at exactly `exp`; it is expired from that second on.
    if ((payload.exp as number) <= Date.now() / 1000) throw expired();
    return toPrincipal(payload);
  }

  /** The signature is good and `exp` has passed; "expired" only if the rest is good too. */
  #expiredOrInvalid(jwt: string, error: JwtExpiredError): UnauthenticatedError {
    try {
      const { header, payload } = decomposeUnverifiedJwt(jwt);
      if (typeof payload.iss !== 'string' || !this.#issuers.has(payload.iss)) {
        throw new CognitoClaimError('iss is not the configured issuer');
      }
      if (typeof payload.nbf === 'number' && payload.nbf > Date.now() / 1000) {
        throw new CognitoClaimError('nbf is in the future');
      }
      assertCognitoClaims(header, payload, this.#clientIds);
    } catch (claimError) {
      return invalid(claimError);
    }
    return expired(error);
  }
}

function extractJwt(token: unknown): string {
  if (typeof token !== 'string') throw invalid(new TypeError('the token is not a string'));
  // Checked before any other work on the string, so a huge header costs nothing.
  if (token.length > MAX_TOKEN_LENGTH + 64) throw invalid(new RangeError('the token is too long'));
  const jwt = token.trim().replace(/^bearer +/i, '');
  if (jwt.length === 0) throw invalid(new RangeError('the token is empty'));
  if (jwt.length > MAX_TOKEN_LENGTH) throw invalid(new RangeError('the token is too long'));
  return jwt;
}

function invalid(cause: unknown): UnauthenticatedError {
  return new UnauthenticatedError('invalid', 'The bearer token is invalid: sign in again to get a new one', { cause });
}

function expired(cause?: unknown): UnauthenticatedError {
  return new UnauthenticatedError(
    'expired',
    'The bearer token has expired: refresh it or sign in again',
    cause === undefined ? undefined : { cause },
  );
}
