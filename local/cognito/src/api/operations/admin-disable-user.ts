/**
 * AdminDisableUser: the user can no longer sign in anywhere (`User is disabled.`), and every
 * token of theirs is revoked, refresh tokens included. Issued ID and access tokens remain
 * valid JWTs until they expire, as on AWS.
 */
import type { AdminDisableUserRequest, AdminDisableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username });

export function adminDisableUser({
  pool,
  users,
  tokens,
}: Pick<Services, 'pool' | 'users' | 'tokens'>): Operation<AdminDisableUserRequest, AdminDisableUserResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const user = users.require(input.Username);
    users.setEnabled(user, false);
    tokens.signOutEverywhere(user.username);
    return {};
  };
}
