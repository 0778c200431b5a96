/** ListResourceServers: the pool's resource servers and their scopes. */
import type {
  ListResourceServersRequest,
  ListResourceServersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { resourceServerType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  MaxResults: z.number().int().min(1).max(50),
  NextToken: z.string().optional(),
});

export function listResourceServers({
  pool,
}: Pick<Services, 'pool'>): Operation<ListResourceServersRequest, ListResourceServersResponse> {
  return async (request) => {
    const { UserPoolId } = parse(schema, request);
    requirePool(pool, UserPoolId);
    return { ResourceServers: pool.resourceServers.map((server) => resourceServerType(server, pool.id)) };
  };
}
