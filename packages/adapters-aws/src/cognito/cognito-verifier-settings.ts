/**
 * What the Cognito token verifier accepts as its configuration, and the rules a configuration
 * must meet: a pool id and its region, app client ids, a local issuer and where its keys are,
 * the download time limit. One module holds the rules so that the verifier's constructor (any
 * caller) and the environment's schema (`cognito-env.ts`) refuse exactly the same values with
 * the same limits; each rule returns what is wrong, or `undefined`.
 */
import { assertIsJwks, type Jwks } from 'aws-jwt-verify/jwk';
import { CLIENT_ID } from './app-clients.js';

/** How long one JWKS download may take by default. */
export const DEFAULT_JWKS_FETCH_TIMEOUT_MS = 3000;
/** The longest a JWKS download may be allowed: a cold start waits for it. */
export const MAX_JWKS_FETCH_TIMEOUT_MS = 60_000;

/** A JWKS document, `{"keys":[…]}`, as served at `{issuer}/.well-known/jwks.json`. */
export interface JwksDocument {
  readonly keys: readonly object[];
}

export interface CognitoTokenVerifierConfig {
  /** The user pool, `{region}_{alphanumerics}`, e.g. `us-east-1_AbC123xyz`. */
  readonly userPoolId: string;
  /** Must match the pool id's region when given; derived from it when omitted. */
  readonly region?: string;
  /** The app clients whose ID tokens (`aud`) and access tokens (`client_id`) are accepted. */
  readonly clientIds: readonly string[];
  /**
   * A local issuer instead of the real pool's, e.g. `http://localhost:9229/us-east-1_Local123`;
   * compared exactly with the token's `iss`.
   */
  readonly issuer?: string;
  /** Only with `issuer`; default `{issuer}/.well-known/jwks.json`. https, or http on a loopback host. */
  readonly jwksUri?: string;
  /** The keys themselves: nothing is downloaded at start (an unknown `kid` may still refetch). */
  readonly jwks?: JwksDocument;
  /** The time limit of one JWKS download, default 3000 ms, at most 60000. */
  readonly fetchTimeoutMs?: number;
  /** The `fetch` used for the JWKS (tests inject a fake one); default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/** A user pool id, `{region}_{alphanumerics}`: what Cognito issues. */
export const USER_POOL_ID = /^(?<region>(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d)_[a-zA-Z0-9]+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The region a user pool id names, or `undefined` when it is not a pool id. */
export function poolRegion(userPoolId: unknown): string | undefined {
  return typeof userPoolId === 'string' ? USER_POOL_ID.exec(userPoolId)?.groups?.region : undefined;
}

/** What is wrong with an issuer URL: it is compared exactly with `iss`, so no query or fragment. */
export function issuerProblem(issuer: string): string | undefined {
  const url = parseUrl(issuer);
  return url && ['https:', 'http:'].includes(url.protocol) && url.search === '' && url.hash === ''
    ? undefined
    : 'must be an http(s) URL without query or fragment';
}

/** What is wrong with a JWKS URI: http would let the keys be swapped in transit, except on this machine. */
export function jwksUriProblem(jwksUri: string): string | undefined {
  const url = parseUrl(jwksUri);
  return url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    ? undefined
    : 'must be https (http only for localhost, 127.0.0.1 or [::1]), or keys could be swapped in transit';
}

/** The JWKS URI of a local issuer: where Cognito keeps it for a pool. */
export function defaultJwksUri(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
}

/** Whether a download time limit is one the verifier takes. */
export function isJwksFetchTimeout(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= MAX_JWKS_FETCH_TIMEOUT_MS;
}

/** What the verifier derives from a valid configuration. */
export interface VerifierSettings {
  readonly issuer: string;
  readonly acceptedIssuers: readonly string[];
  readonly jwksUri: string;
  readonly jwks?: Jwks;
}

/** Checks a configuration given in code (the environment's schema checked the same rules already). */
export function resolveVerifierSettings(config: CognitoTokenVerifierConfig): VerifierSettings {
  const problem = (message: string) => new Error(`CognitoTokenVerifier config: ${message}`);
  if (typeof config !== 'object' || config === null) throw problem('expected an object');

  const region = poolRegion(config.userPoolId);
  if (region === undefined) {
    throw problem(
      `userPoolId ${JSON.stringify(config.userPoolId)} is not a user pool id; expected {region}_{alphanumerics}, e.g. us-east-1_AbC123xyz`,
    );
  }
  if (config.region !== undefined && config.region !== region) {
    throw problem(`region ${JSON.stringify(config.region)} does not match the pool ${config.userPoolId}; omit it`);
  }
  if (
    !Array.isArray(config.clientIds) ||
    config.clientIds.length === 0 ||
    !config.clientIds.every((id) => typeof id === 'string' && CLIENT_ID.test(id))
  ) {
    throw problem('clientIds must list at least one app client id (letters, digits, _ and -)');
  }
  if (config.fetchTimeoutMs !== undefined && !isJwksFetchTimeout(config.fetchTimeoutMs)) {
    throw problem(`fetchTimeoutMs must be a whole number of milliseconds between 1 and ${MAX_JWKS_FETCH_TIMEOUT_MS}`);
  }
  if (config.fetch !== undefined && typeof config.fetch !== 'function') throw problem('fetch must be a function');

  let jwks: Jwks | undefined;
  if (config.jwks !== undefined) {
    try {
      assertIsJwks(config.jwks as unknown as Jwks);
    } catch (error) {
      throw problem(`jwks is not a JWKS document ({"keys":[…]}): ${(error as Error).message}`);
    }
    jwks = config.jwks as unknown as Jwks;
  }

  let issuer: string;
  let acceptedIssuers: string[];
  let jwksUri: string;
  if (config.issuer === undefined) {
    if (config.jwksUri !== undefined) {
      throw problem("jwksUri is only for a custom issuer; the pool's JWKS URI comes from userPoolId");
    }
    issuer = `https://cognito-idp.${region}.amazonaws.com/${config.userPoolId}`;
    acceptedIssuers = [issuer, `https://issuer-cognito-idp.${region}.amazonaws.com/${config.userPoolId}`];
    jwksUri = `${issuer}/.well-known/jwks.json`;
  } else {
    const wrongIssuer = issuerProblem(config.issuer);
    if (wrongIssuer !== undefined) throw problem(`issuer ${JSON.stringify(config.issuer)} ${wrongIssuer}`);
    issuer = config.issuer;
    acceptedIssuers = [issuer];
    jwksUri = config.jwksUri ?? defaultJwksUri(issuer);
  }
  const wrongJwksUri = jwksUriProblem(jwksUri);
  if (wrongJwksUri !== undefined) throw problem(`jwksUri ${JSON.stringify(jwksUri)} ${wrongJwksUri}`);
  return { issuer, acceptedIssuers, jwksUri, ...(jwks ? { jwks } : {}) };
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
