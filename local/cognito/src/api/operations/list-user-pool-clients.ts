/** ListUserPoolClients: every app client's id and name. */
import type {
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  MaxResults: z.number().int().min(1).max(60).optional(),
  NextToken: z.string().optional(),
});

export function listUserPoolClients({
  pool,
  clients,
}: Pick<Services, 'pool' | 'clients'>): Operation<ListUserPoolClientsRequest, ListUserPoolClientsResponse> {
  return async (request) => {
    const { UserPoolId } = parse(schema, request);
    requirePool(pool, UserPoolId);
    return {
      UserPoolClients: clients.list().map((client) => ({
        ClientId: client.clientId,
        UserPoolId: pool.id,
        ClientName: client.clientName,
      })),
    };
  };
}
