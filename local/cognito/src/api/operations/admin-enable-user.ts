/** AdminEnableUser: the user may sign in again (tokens revoked while disabled stay revoked). */
import type { AdminEnableUserRequest, AdminEnableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username });

export function adminEnableUser({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminEnableUserRequest, AdminEnableUserResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    users.setEnabled(users.require(input.Username), true);
    return {};
  };
}
