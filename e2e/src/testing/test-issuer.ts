/**
 * A token issuer that a test can take down: it serves a JWKS with one signing key at
 * `{issuer}/.well-known/jwks.json`, signs Cognito-shaped ID tokens with that key or with a key
 * it does not publish (a rotated key the API has never seen), counts the JWKS downloads, and
 * can stop serving: connections dropped at once, or requests read and never answered. It keeps
 * its port while down, so no other process can answer in its place. Built on node:crypto alone.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listenOnLoopback } from '@secure-notes/service-kit';

export type JwksMode = 'serving' | 'dropping' | 'hanging';

export interface TestIssuer {
  /** The `iss` of its tokens: `http://127.0.0.1:{port}/{userPoolId}`. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The settings that make the API (or the local stack) trust this issuer. */
  readonly environment: Readonly<Record<string, string>>;
  /** JWKS downloads asked for so far, answered or not. */
  readonly jwksRequests: number;
  mode: JwksMode;
  /** An ID token for a new user, signed with the published key, or with the unpublished one. */
  idToken(options?: { readonly key?: 'published' | 'unpublished' }): string;
  close(): Promise<void>;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * @example
 * const issuer = await startTestIssuer();
 * const server = await startServer({ config: loadConfig({ ...issuer.environment, ... }), logger });
 * issuer.mode = 'hanging';
 */
export async function startTestIssuer(
  options: { readonly userPoolId?: string; readonly clientId?: string } = {},
): Promise<TestIssuer> {
  const userPoolId = options.userPoolId ?? 'us-east-1_Issuer01';
  const clientId = options.clientId ?? 'resilienceclient';
  const published = signingKey(`published-${randomUUID().slice(0, 8)}`);
  const unpublished = signingKey(`rotated-${randomUUID().slice(0, 8)}`);
  const jwks = JSON.stringify({
    keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid: published.kid, alg: 'RS256', use: 'sig' }],
  });
  let mode: JwksMode = 'serving';
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

  const sign = (key: SigningKey, claims: object) => {
    const input = `${base64url({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${base64url(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
  };

  return {
    issuer,
    jwksUri,
    userPoolId,
    clientId,
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
    idToken: ({ key = 'published' } = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const sub = randomUUID();
      return sign(key === 'published' ? published : unpublished, {
        sub,
        aud: clientId,
        token_use: 'id',
        iss: issuer,
        'cognito:username': sub,
        email: `${sub}@example.com`,
        email_verified: true,
        auth_time: now,
        iat: now,
        exp: now + 3600,
        jti: randomUUID(),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of waiting) response.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
