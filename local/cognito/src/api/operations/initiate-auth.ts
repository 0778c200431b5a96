/**
 * InitiateAuth: USER_PASSWORD_AUTH (tokens, or the NEW_PASSWORD_REQUIRED challenge) and
 * REFRESH_TOKEN_AUTH, each only when the client's ExplicitAuthFlows allow it. The admin flow
 * belongs to AdminInitiateAuth, as on AWS.
 */
import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { initiateAuthFlow } from '../auth-flows.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse } from '../validation.js';

const schema = z.object({
  AuthFlow: z.string().min(1),
  ClientId: clientId,
  AuthParameters: z.record(z.string(), z.string()).optional(),
  ClientMetadata: clientMetadata,
  Session: z.string().optional(),
});

export function initiateAuth(
  services: Pick<Services, 'clients' | 'users' | 'signIns' | 'tokens' | 'challenges' | 'logger'>,
): Operation<InitiateAuthRequest, InitiateAuthResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = services.clients.require(input.ClientId);
    return initiateAuthFlow(services, client, input, 'client');
  };
}
