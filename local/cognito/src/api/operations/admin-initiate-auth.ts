/**
 * AdminInitiateAuth: ADMIN_USER_PASSWORD_AUTH (or its legacy name ADMIN_NO_SRP_AUTH) and
 * REFRESH_TOKEN_AUTH, for a server that holds AWS credentials. The client's ExplicitAuthFlows
 * must allow the flow, and `SECRET_HASH` is required from a client with a secret.
 */
import type { AdminInitiateAuthRequest, AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { initiateAuthFlow } from '../auth-flows.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse, requirePool, userPoolId } from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  ClientId: clientId,
  AuthFlow: z.string().min(1),
  AuthParameters: z.record(z.string(), z.string()).optional(),
  ClientMetadata: clientMetadata,
  AnalyticsMetadata: z.unknown().optional(),
  ContextData: z.unknown().optional(),
  Session: z.string().optional(),
});

export function adminInitiateAuth(
  services: Pick<Services, 'pool' | 'clients' | 'users' | 'signIns' | 'tokens' | 'challenges' | 'logger'>,
): Operation<AdminInitiateAuthRequest, AdminInitiateAuthResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(services.pool, input.UserPoolId);
    const client = services.clients.require(input.ClientId);
    return initiateAuthFlow(services, client, input, 'admin');
  };
}
