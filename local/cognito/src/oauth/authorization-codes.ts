/**
 * Authorization codes: single-use, bound to the client, the redirect URI and (with PKCE) the
 * code challenge, and alive for 5 minutes. Kept in memory only: a restart simply makes the
 * outstanding codes unknown, which a client sees as `invalid_grant`, as it would for an
 * expired one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { newUuid } from '../ids.js';

/** How long a code can be exchanged, in milliseconds. */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

export interface AuthorizationCodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly scopes: readonly string[];
  /** Seconds since the epoch of the sign-in the code came from. */
  readonly authTime: number;
  readonly nonce?: string;
  readonly codeChallenge?: string;
}

/** Whether `verifier` hashes (S256) to `challenge`, compared in constant time. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

export class AuthorizationCodes {
  readonly #codes = new Map<string, AuthorizationCodeGrant & { expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new code for `grant`. Cognito's codes are UUIDs. */
  issue(grant: AuthorizationCodeGrant): string {
    this.#prune();
    const code = newUuid();
    this.#codes.set(code, { ...grant, expiresAt: this.#now() + CODE_LIFETIME_MS });
    return code;
  }

  /**
   * Takes the code out, whatever happens next: a code is tried once. Undefined when unknown,
   * used, expired, or issued to another client.
   */
  consume(code: string, clientId: string): AuthorizationCodeGrant | undefined {
    const grant = this.#codes.get(code);
    if (!grant || grant.clientId !== clientId) return undefined;
    this.#codes.delete(code);
    return grant.expiresAt > this.#now() ? grant : undefined;
  }

  #prune(): void {
    const now = this.#now();
    for (const [code, grant] of this.#codes) if (grant.expiresAt <= now) this.#codes.delete(code);
  }
}
