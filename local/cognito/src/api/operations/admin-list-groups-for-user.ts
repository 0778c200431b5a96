/** AdminListGroupsForUser: the user's groups, by precedence then name. */
import type {
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
  GroupType,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';
import { groupType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Username: username,
  Limit: z.number().int().min(0).max(60).optional(),
  NextToken: z.string().optional(),
});

export function adminListGroupsForUser({
  pool,
  users,
  groups,
}: Pick<Services, 'pool' | 'users' | 'groups'>): Operation<
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const user = users.require(input.Username);
    return {
      Groups: groups.namesOf(user).flatMap((name): GroupType[] => {
        const group = groups.find(name);
        return group ? [groupType(group, pool.id)] : [];
      }),
    };
  };
}
