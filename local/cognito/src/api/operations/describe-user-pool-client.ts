/** DescribeUserPoolClient: an app client's settings, its secret included. */
import type {
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { clientId, parse, requirePool, userPoolId } from '../validation.js';
import { userPoolClientType } from '../wire.js';

const schema = z.object({ UserPoolId: userPoolId, ClientId: clientId });

export function describeUserPoolClient({
  pool,
  clients,
}: Pick<Services, 'pool' | 'clients'>): Operation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    return { UserPoolClient: userPoolClientType(clients.require(input.ClientId), pool.id) };
  };
}
