/**
 * UpdateUserPoolClient: replaces an app client's settings. As on AWS, a setting the request
 * leaves out goes back to its default; the id and the secret stay.
 */
import type {
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { clientId, parse, requirePool, userPoolId } from '../validation.js';
import { userPoolClientType } from '../wire.js';
import { clientSettingsFields, clientSettingsOf } from './client-settings.js';

const schema = z.object({
  UserPoolId: userPoolId,
  ClientId: clientId,
  ...clientSettingsFields,
  // The API allows leaving the name out; the client then keeps its name.
  ClientName: clientSettingsFields.ClientName.optional(),
});

export function updateUserPoolClient({
  pool,
  clients,
  logger,
}: Pick<Services, 'pool' | 'clients' | 'logger'>): Operation<
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const current = clients.require(input.ClientId);
    const client = clients.update(
      current.clientId,
      clientSettingsOf({ ...input, ClientName: input.ClientName ?? current.clientName }),
    );
    logger.info({ event: 'UpdateUserPoolClient', clientId: client.clientId }, 'app client updated');
    return { UserPoolClient: userPoolClientType(client, pool.id) };
  };
}
