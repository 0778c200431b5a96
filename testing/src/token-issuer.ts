/**
 * A user pool's signing side for tests and benchmarks, with no network but loopback: an RSA key
 * pair, its JWKS served at `{issuer}/.well-known/jwks.json` on a port the system picks, and
 * Cognito-shaped tokens signed with it. A test can count the JWKS downloads, publish another
 * JWKS (a key rotation), and take the JWKS down: connections dropped at once, or requests read
 * and never answered. It keeps its port while down, so no other process can answer in its place.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listenOnLoopback } from '@secure-notes/service-kit';
import {
  accessTokenClaims,
  type Claims,
  idTokenClaims,
  jwksOf,
  makeTestKey,
  nowSeconds,
  signToken,
  type TestKey,
} from './tokens.ts';

/** What the JWKS endpoint does: answers, drops each connection, or reads requests and never answers. */
export type JwksMode = 'serving' | 'dropping' | 'hanging';

/**
 * Which key signs: the published one; one that is not published, under a `kid` of its own (a
 * rotated key the verifier has never seen); or an impostor's under the published `kid` (a forgery).
 */
export type SigningChoice = 'published' | 'unpublished' | 'impostor';

export interface TestIssuerOptions {
  /** The pool id in the issuer URL (`us-east-1_TestPool` when absent). */
  readonly userPoolId?: string;
  /** The app client its ID tokens are for (`aud`) and its access tokens name (`client_id`). */
  readonly clientId?: string;
  /** What the JWKS endpoint does at first (`serving` when absent). */
  readonly mode?: JwksMode;
}

export interface TestIssuer {
  /** The `iss` of its tokens: `http://127.0.0.1:{port}/{userPoolId}`. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The published key, for a test that assembles tokens itself (`signToken`, `forgedTokens`). */
  readonly key: TestKey;
  /** The settings that make the API (or the local stack) trust this issuer. */
  readonly environment: Readonly<Record<string, string>>;
  /** JWKS downloads asked for so far, answered or not. */
  readonly jwksRequests: number;
  mode: JwksMode;
  /** Serves `jwks` from now on instead of the published key's (a rotation, or a broken document). */
  publish(jwks: unknown): void;
  /** `claims` as they are, signed; `iss`, `iat` and an `exp` an hour ahead are added unless given. */
  token(claims: Claims, options?: { readonly key?: SigningChoice }): string;
  /** A Cognito ID token for a new user (`claims` override any of its claims). */
  idToken(options?: { readonly key?: SigningChoice; readonly claims?: Claims }): string;
  /** A Cognito access token for a new user, both notes scopes (`claims` override any of its claims). */
  accessToken(options?: { readonly key?: SigningChoice; readonly claims?: Claims }): string;
  close(): Promise<void>;
}

/**
 * @example
 * const issuer = await startTestIssuer();
 * const server = await startServer({ config: loadConfig({ ...issuer.environment, ... }), logger });
 * await fetch(url, { headers: { Authorization: issuer.idToken() } });
 * issuer.mode = 'hanging';
 */
export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const userPoolId = options.userPoolId ?? 'us-east-1_TestPool';
  const clientId = options.clientId ?? 'testclient0id';
  const published = makeTestKey();
  const keys: Record<SigningChoice, TestKey> = {
    published,
    unpublished: makeTestKey(),
    impostor: { ...makeTestKey(), kid: published.kid },
  };
  let jwks = JSON.stringify(jwksOf(published));
  let mode: JwksMode = options.mode ?? 'serving';
  let jwksRequests = 0;
  const sockets = new Set<Socket>();
  const waiting = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    if (!request.url?.endsWith('/.well-known/jwks.json')) {
      response.writeHead(404).end();
      return;
    }
    jwksRequests += 1;
    if (mode === 'dropping') request.socket.destroy();
    else if (mode === 'hanging') waiting.add(response);
    else response.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listenOnLoopback(server, 'the test issuer');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;

  const token = (claims: Claims, { key = 'published' }: { readonly key?: SigningChoice } = {}) => {
    const now = nowSeconds();
    return signToken(keys[key], { iss: issuer, iat: now, exp: now + 3600, ...claims });
  };
  return {
    issuer,
    jwksUri,
    userPoolId,
    clientId,
    key: published,
    environment: {
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_IDS: clientId,
      COGNITO_ISSUER: issuer,
      COGNITO_JWKS_URI: jwksUri,
    },
    get jwksRequests() {
      return jwksRequests;
    },
    get mode() {
      return mode;
    },
    set mode(next) {
      mode = next;
    },
    publish(next) {
      jwks = JSON.stringify(next);
    },
    token,
    idToken: ({ key, claims } = {}) => token(idTokenClaims(issuer, clientId, claims), key === undefined ? {} : { key }),
    accessToken: ({ key, claims } = {}) =>
      token(accessTokenClaims(issuer, clientId, claims), key === undefined ? {} : { key }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of waiting) response.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
