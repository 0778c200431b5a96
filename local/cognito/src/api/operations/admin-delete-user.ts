/** AdminDeleteUser: the user goes, and every token of theirs is revoked. */
import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username });

export function adminDeleteUser({
  pool,
  users,
  tokens,
}: Pick<Services, 'pool' | 'users' | 'tokens'>): Operation<AdminDeleteUserRequest, Record<string, never>> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const user = users.require(input.Username);
    users.delete(user);
    tokens.signOutEverywhere(user.username);
    return {};
  };
}
