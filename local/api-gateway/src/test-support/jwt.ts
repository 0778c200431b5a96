/**
 * A user pool's signing side for tests, with no network but loopback: an RSA key pair, its
 * JWKS served at `{issuer}/.well-known/jwks.json` (downloads counted), and RS256 tokens signed
 * with it (or with another key under the same `kid`, for forgeries).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from '@secure-notes/service-kit';

export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** How many times the JWKS was downloaded. */
  jwksDownloads(): number;
  /** A token signed with the pool's key; `exp` defaults to an hour from now. */
  token(claims: Record<string, unknown>): string;
  /** A token with the pool's `kid` but signed with another key. */
  forged(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const KID = 'test-key-1';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signed(claims: Record<string, unknown>, key: KeyObject): string {
  const now = Math.floor(Date.now() / 1000);
  const head = base64url({ kid: KID, alg: 'RS256' });
  const body = base64url({ iat: now, exp: now + 3600, ...claims });
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** Starts the JWKS server; the issuer is `http://127.0.0.1:{port}/us-east-1_TestPool`. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }],
  });
  let downloads = 0;
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/jwks.json')) {
      downloads += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
    } else {
      res.writeHead(404).end();
    }
  });
  await listenOnLoopback(server, 'the test JWKS');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/us-east-1_TestPool`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    jwksDownloads: () => downloads,
    token: (claims) => signed({ iss: issuer, ...claims }, privateKey),
    forged: (claims) => signed({ iss: issuer, ...claims }, other),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
