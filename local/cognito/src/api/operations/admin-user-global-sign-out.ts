/** AdminUserGlobalSignOut: revokes every refresh token of the user and the access tokens they cover. */
import type {
  AdminUserGlobalSignOutRequest,
  AdminUserGlobalSignOutResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username });

export function adminUserGlobalSignOut({
  pool,
  users,
  tokens,
}: Pick<Services, 'pool' | 'users' | 'tokens'>): Operation<
  AdminUserGlobalSignOutRequest,
  AdminUserGlobalSignOutResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    tokens.signOutEverywhere(users.require(input.Username).username);
    return {};
  };
}
