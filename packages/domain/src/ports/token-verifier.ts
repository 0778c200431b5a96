import type { Principal } from '../principal.js';

/**
 * Turns a bearer token into a principal. Rejects with `UnauthenticatedError` whose `reason`
 * is `expired` for an expired but otherwise valid token and `invalid` for anything else
 * (missing, malformed, badly signed, wrong issuer, audience, client or `token_use`).
 */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
