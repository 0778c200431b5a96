/** AdminGetUser: a user's attributes, status and whether it is enabled. */
import type { AdminGetUserRequest, AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';
import { attributeTypes } from '../wire.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username });

export function adminGetUser({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminGetUserRequest, AdminGetUserResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const user = users.require(input.Username);
    return {
      Username: user.username,
      UserAttributes: attributeTypes(user),
      UserCreateDate: new Date(user.createdAt),
      UserLastModifiedDate: new Date(user.lastModifiedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  };
}
