/**
 * Real tokens for the API under load, from the project's one test issuer (`@secure-notes/testing`):
 * an RSA key pair made here, its JWKS served on loopback (port 0) as a user pool's issuer would
 * serve it, and Cognito-shaped ID tokens signed with it. The API verifies them exactly as it
 * verifies Cognito's (signature, issuer, audience, expiry, `token_use`), once per token; the
 * bench then measures requests with a token already seen.
 */
import { randomUUID } from 'node:crypto';
import { startTestIssuer } from '@secure-notes/testing';

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
  const issuer = await startTestIssuer({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  return {
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
    async mint() {
      const sub = randomUUID();
      const token = issuer.idToken({ claims: { sub, 'cognito:username': sub, email: `${sub}@example.com` } });
      return { token, sub };
    },
    close: () => issuer.close(),
  };
}
