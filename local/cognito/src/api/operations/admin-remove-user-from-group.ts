/** AdminRemoveUserFromGroup. */
import type { AdminRemoveUserFromGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username, GroupName: z.string().min(1).max(128) });

export function adminRemoveUserFromGroup({
  pool,
  users,
  groups,
}: Pick<Services, 'pool' | 'users' | 'groups'>): Operation<AdminRemoveUserFromGroupRequest, Record<string, never>> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const group = groups.require(input.GroupName);
    groups.removeUser(users.require(input.Username), group);
    return {};
  };
}
