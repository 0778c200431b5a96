/** ListGroups: every group of the pool. */
import type { ListGroupsRequest, ListGroupsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { groupType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Limit: z.number().int().min(0).max(60).optional(),
  NextToken: z.string().optional(),
});

export function listGroups({
  pool,
  groups,
}: Pick<Services, 'pool' | 'groups'>): Operation<ListGroupsRequest, ListGroupsResponse> {
  return async (request) => {
    const { UserPoolId } = parse(schema, request);
    requirePool(pool, UserPoolId);
    return { Groups: groups.list().map((group) => groupType(group, pool.id)) };
  };
}
