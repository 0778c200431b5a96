/** CreateGroup; GroupExistsException when the name is taken. */
import type { CreateGroupRequest, CreateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { groupType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  GroupName: z.string().min(1).max(128),
  Description: z.string().max(2048).optional(),
  RoleArn: z.string().min(20).max(2048).optional(),
  Precedence: z.number().int().min(0).optional(),
});

export function createGroup({
  pool,
  groups,
}: Pick<Services, 'pool' | 'groups'>): Operation<CreateGroupRequest, CreateGroupResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const group = groups.create({
      name: input.GroupName,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.Precedence !== undefined ? { precedence: input.Precedence } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
    });
    return { Group: groupType(group, pool.id) };
  };
}
