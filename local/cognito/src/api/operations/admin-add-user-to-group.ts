/** AdminAddUserToGroup: the user's next tokens carry the group in `cognito:groups`. */
import type { AdminAddUserToGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username, GroupName: z.string().min(1).max(128) });

export function adminAddUserToGroup({
  pool,
  users,
  groups,
}: Pick<Services, 'pool' | 'users' | 'groups'>): Operation<AdminAddUserToGroupRequest, Record<string, never>> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const group = groups.require(input.GroupName);
    groups.addUser(users.require(input.Username), group);
    return {};
  };
}
