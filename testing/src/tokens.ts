/**
 * Keys and tokens for tests and benchmarks: RSA key pairs made in-process, their JWKS,
 * Cognito-shaped claims, and a way to assemble any token, forged ones included, without a JWT
 * library's guard rails (a library refuses to sign `alg: none` or a header that lies). Built on
 * node:crypto alone, so signing is synchronous.
 */
import { createHmac, generateKeyPairSync, type JsonWebKey, type KeyObject, randomUUID, sign } from 'node:crypto';

export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public half as a JWK (`kid`, `alg: RS256`, `use: sig`), as a JWKS publishes it. */
  readonly publicJwk: JsonWebKey;
  /** The public key as SPKI PEM: what an HS256 forgery uses as the HMAC secret. */
  readonly publicPem: string;
}

/** A fresh RS256 key pair; `kid` defaults to a random one. */
export function makeTestKey(kid: string = randomUUID()): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The JWKS document that publishes the public halves of `keys`. */
export function jwksOf(...keys: readonly TestKey[]): { keys: JsonWebKey[] } {
  return { keys: keys.map((key) => key.publicJwk) };
}

export type Claims = Record<string, unknown>;

/** Now, in whole seconds, from `Date.now()` (so fake timers move it). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims of a Cognito ID token for `clientId`, for a fresh user unless `overrides` say otherwise. */
export function idTokenClaims(issuer: string, clientId: string, overrides: Claims = {}): Claims {
  const now = nowSeconds();
  const sub = randomUUID();
  return {
    sub,
    aud: clientId,
    email_verified: true,
    token_use: 'id',
    auth_time: now,
    iss: issuer,
    'cognito:username': sub,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    email: `${sub}@example.com`,
    name: 'Test User',
    ...overrides,
  };
}

/** The claims of a Cognito access token for `clientId`, for a fresh user unless `overrides` say otherwise. */
export function accessTokenClaims(issuer: string, clientId: string, overrides: Claims = {}): Claims {
  const now = nowSeconds();
  const sub = randomUUID();
  return {
    sub,
    token_use: 'access',
    scope: 'openid email notes/read notes/write',
    client_id: clientId,
    username: sub,
    auth_time: now,
    iss: issuer,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    version: 2,
    ...overrides,
  };
}

/** `claims` signed RS256 by `key` (header `kid` = the key's, unless `header` overrides it). */
export function signToken(key: TestKey, claims: Claims, header: Claims = {}): string {
  const input = `${encodePart({ alg: 'RS256', kid: key.kid, ...header })}.${encodePart(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** Base64url of the JSON of `value`. */
export function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Splits a compact JWT into its three parts, decoded where they are JSON. */
export function splitToken(token: string): { header: Claims; payload: Claims; signature: string } {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Claims,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims,
    signature,
  };
}

/** The classic key-confusion forgery: HS256 with the public key's PEM as the HMAC secret. */
export function forgeHs256WithPublicKey(key: TestKey, claims: Claims): string {
  const signingInput = `${encodePart({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${encodePart(claims)}`;
  const signature = createHmac('sha256', key.publicPem).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
