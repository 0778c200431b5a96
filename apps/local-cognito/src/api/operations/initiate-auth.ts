/**
 * InitiateAuth: USER_PASSWORD_AUTH (tokens, or the NEW_PASSWORD_REQUIRED challenge) and
 * REFRESH_TOKEN_AUTH, each only when the client's ExplicitAuthFlows allow it. The admin flow
 * belongs to AdminInitiateAuth, as on AWS.
 */
import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import { passwordFlow, refreshFlow, requireAuthFlow } from '../auth-flows.js';
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
    const parameters = input.AuthParameters ?? {};
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        requireAuthFlow(client, 'USER_PASSWORD_AUTH');
        return passwordFlow(services, client, parameters, 'client');
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        requireAuthFlow(client, 'REFRESH_TOKEN_AUTH');
        return refreshFlow(services, client, parameters);
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        throw new CognitoError('InvalidParameterException', 'Initiate Auth method not supported.');
      default:
        throw new CognitoError(
          'InvalidParameterException',
          `AuthFlow ${input.AuthFlow} is not supported by the local Cognito; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH.`,
        );
    }
  };
}
