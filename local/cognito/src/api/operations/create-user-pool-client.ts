/**
 * CreateUserPoolClient: a new app client, with a secret when asked. Its token lifetimes,
 * flows, scopes and URLs are honoured by InitiateAuth, managed login and the OAuth 2.0
 * endpoints alike.
 */
import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { userPoolClientType } from '../wire.js';
import { clientSettingsFields, clientSettingsOf } from './client-settings.js';

const schema = z.object({ UserPoolId: userPoolId, GenerateSecret: z.boolean().optional(), ...clientSettingsFields });

export function createUserPoolClient({
  pool,
  clients,
  logger,
}: Pick<Services, 'pool' | 'clients' | 'logger'>): Operation<
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const client = clients.create(clientSettingsOf(input), input.GenerateSecret ?? false);
    logger.info({ event: 'CreateUserPoolClient', clientId: client.clientId }, 'app client created');
    return { UserPoolClient: userPoolClientType(client, pool.id) };
  };
}
