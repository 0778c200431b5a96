/** ListUserPools: the one pool this emulator holds. */
import type { ListUserPoolsRequest, ListUserPoolsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse } from '../validation.js';

const schema = z.object({ MaxResults: z.number().int().min(1).max(60), NextToken: z.string().optional() });

export function listUserPools({
  pool,
}: Pick<Services, 'pool'>): Operation<ListUserPoolsRequest, ListUserPoolsResponse> {
  return async (request) => {
    parse(schema, request);
    return {
      UserPools: [
        {
          Id: pool.id,
          Name: pool.name,
          LambdaConfig: {},
          LastModifiedDate: new Date(pool.lastModifiedAt),
          CreationDate: new Date(pool.createdAt),
        },
      ],
    };
  };
}
