/**
 * Real tokens for the API under load: an RSA key pair made here, its JWKS served on loopback
 * (port 0) as a user pool's issuer would serve it, and Cognito-shaped ID tokens signed with it.
 * The API verifies them exactly as it verifies Cognito's (signature, issuer, audience, expiry,
 * `token_use`), once per token; the bench then measures requests with a token already seen.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importFromWorkspace } from './workspace.ts';

interface SignJwt {
  setProtectedHeader(header: { alg: string; kid: string }): SignJwt;
  sign(key: unknown): Promise<string>;
}
interface Jose {
  generateKeyPair(
    alg: 'RS256',
    options: { extractable: boolean },
  ): Promise<{ privateKey: unknown; publicKey: unknown }>;
  exportJWK(key: unknown): Promise<Record<string, unknown>>;
  SignJWT: new (claims: Record<string, unknown>) => SignJwt;
}

export const USER_POOL_ID = 'us-east-1_BenchPool1';
export const CLIENT_ID = 'bench0client0id';

export interface TokenIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** A fresh user's ID token: `{ token, sub }`. */
  mint(): Promise<{ token: string; sub: string }>;
  close(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const jose = await importFromWorkspace<Jose>('packages/adapters-express', 'jose');
  const kid = randomUUID();
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });

  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/jwks.json')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jwks);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/${USER_POOL_ID}`;

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    async mint() {
      const sub = randomUUID();
      const now = Math.floor(Date.now() / 1000);
      const token = await new jose.SignJWT({
        sub,
        aud: CLIENT_ID,
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
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign(privateKey);
      return { token, sub };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
