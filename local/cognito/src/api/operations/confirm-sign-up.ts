/** ConfirmSignUp: the emailed code confirms the user and verifies the email; the fifth wrong code voids it. */
import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { requireSecretHash } from '../client-auth.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, confirmationCode, parse, secretHash, username } from '../validation.js';

const schema = z.object({
  ClientId: clientId,
  SecretHash: secretHash,
  Username: username,
  ConfirmationCode: confirmationCode,
  ForceAliasCreation: z.boolean().optional(),
  ClientMetadata: clientMetadata,
  Session: z.string().optional(),
});

export function confirmSignUp({
  clients,
  signUps,
}: Pick<Services, 'clients' | 'signUps'>): Operation<ConfirmSignUpRequest, ConfirmSignUpResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.require(input.ClientId);
    requireSecretHash(clients, client, [input.Username], input.SecretHash);
    signUps.confirm(input.Username, input.ConfirmationCode);
    return {};
  };
}
