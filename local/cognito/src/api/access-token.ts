/**
 * The user an access token speaks for, for the operations a user calls about themselves
 * (GetUser, ChangePassword, UpdateUserAttributes, DeleteUser, GlobalSignOut, …). Cognito asks
 * for a live token of this pool with the `aws.cognito.signin.user.admin` scope, of a user who
 * still exists and is enabled, and answers NotAuthorizedException otherwise.
 */
import { CognitoError } from '../errors.js';
import type { UserRecord } from '../pool/storage.js';
import { SELF_SERVICE_SCOPE } from '../pool/user-pool.js';
import type { Users } from '../pool/users.js';
import { type AccessTokenClaims, TokenRejectedError, type TokenService } from '../tokens/token-service.js';

/**
 * The token's user and claims, or NotAuthorizedException (`Access Token has been revoked`,
 * `Access Token has expired`, `Invalid Access Token`, `Access Token does not have required
 * scopes`, `User is disabled.`, `User does not exist.`).
 *
 * @example
 * const { user } = await userOfAccessToken({ tokens, users }, request.AccessToken);
 */
export async function userOfAccessToken(
  services: { readonly tokens: TokenService; readonly users: Users },
  accessToken: string,
): Promise<{ user: UserRecord; claims: AccessTokenClaims }> {
  let claims: AccessTokenClaims;
  try {
    claims = await services.tokens.verifyAccessToken(accessToken);
  } catch (error) {
    if (error instanceof TokenRejectedError) throw new CognitoError('NotAuthorizedException', error.message);
    throw error;
  }
  if (!claims.username) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  if (!claims.scope.split(' ').includes(SELF_SERVICE_SCOPE)) {
    throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
  }
  const user = services.users.find(claims.username);
  if (!user) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
  if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  return { user, claims };
}
