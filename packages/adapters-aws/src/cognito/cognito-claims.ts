/**
 * The Cognito rules that a signature alone does not prove, and the mapping of a verified
 * payload to the domain's `Principal`. Kept apart from the verifier so that both verifier
 * modes (the real pool through `CognitoJwtVerifier`, a local issuer through `JwtVerifier`)
 * apply exactly the same rules, and so that an expired token can be re-checked against them
 * before it is called "expired" rather than "invalid".
 */
import type { Principal, TokenUse } from '@secure-notes/domain';

/** A claim is missing or wrong. Internal: the verifier turns it into `UnauthenticatedError('invalid')`. */
export class CognitoClaimError extends Error {
  override readonly name = 'CognitoClaimError';
}

/** The only algorithm Cognito (and the local Cognito) signs with. */
export const COGNITO_SIGNATURE_ALGORITHM = 'RS256';

type Claims = Readonly<Record<string, unknown>>;

/**
 * Throws `CognitoClaimError` unless the header and payload are what Cognito issues for one of
 * `clientIds`: RS256; `token_use` `id` or `access`; an ID token's `aud` (a single string) is an
 * accepted client; an access token's `client_id` is an accepted client and it carries no `aud`
 * (Cognito never puts one there, so one that does was not made by Cognito for us); a `sub`; a
 * numeric `exp` (aws-jwt-verify checks `exp` only when present); `cognito:groups`, when present,
 * an array of strings or a comma-joined string.
 */
export function assertCognitoClaims(header: Claims, payload: Claims, clientIds: ReadonlySet<string>): void {
  if (header.alg !== COGNITO_SIGNATURE_ALGORITHM) {
    throw new CognitoClaimError(`alg must be ${COGNITO_SIGNATURE_ALGORITHM}`);
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    throw new CognitoClaimError('exp is missing: tokens that never expire are not accepted');
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new CognitoClaimError('sub is missing');
  }
  const tokenUse = payload.token_use;
  if (tokenUse === 'id') {
    if (typeof payload.aud !== 'string' || !clientIds.has(payload.aud)) {
      throw new CognitoClaimError('the ID token is not for an accepted app client (aud)');
    }
  } else if (tokenUse === 'access') {
    if (payload.aud !== undefined) {
      throw new CognitoClaimError('an access token must not carry aud');
    }
    if (typeof payload.client_id !== 'string' || !clientIds.has(payload.client_id)) {
      throw new CognitoClaimError('the access token is not for an accepted app client (client_id)');
    }
  } else {
    throw new CognitoClaimError('token_use must be id or access');
  }
  readGroups(payload);
}

/** Maps a payload that passed `assertCognitoClaims` (and the signature check) to a principal. */
export function toPrincipal(payload: Claims): Principal {
  const tokenUse: TokenUse = payload.token_use === 'access' ? 'access' : 'id';
  const username = tokenUse === 'id' ? payload['cognito:username'] : payload.username;
  const email = payload.email;
  return {
    userId: payload.sub as string,
    ...(typeof username === 'string' && username.length > 0 ? { username } : {}),
    ...(typeof email === 'string' && email.length > 0 ? { email } : {}),
    groups: readGroups(payload),
    scopes: tokenUse === 'access' && typeof payload.scope === 'string' ? splitScopes(payload.scope) : [],
    tokenUse,
    expiresAt: payload.exp as number,
  };
}

/** `cognito:groups` is an array in a token; API Gateway hands it on comma-joined, so accept both. */
function readGroups(payload: Claims): readonly string[] {
  const groups = payload['cognito:groups'];
  if (groups === undefined) return [];
  if (typeof groups === 'string') return splitList(groups, ',');
  if (Array.isArray(groups) && groups.every((group) => typeof group === 'string')) {
    return groups.filter((group) => group.length > 0);
  }
  throw new CognitoClaimError('cognito:groups must be an array of strings');
}

function splitScopes(scope: string): readonly string[] {
  return splitList(scope, ' ');
}

function splitList(value: string, separator: string): readonly string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
