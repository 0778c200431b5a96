/**
 * ForgotPassword: a reset code to the user's verified email, written to the log. With the
 * client's PreventUserExistenceErrors on, an unknown name is answered as if a code was sent.
 */
import type { ForgotPasswordRequest, ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { requireSecretHash } from '../client-auth.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse, secretHash, username } from '../validation.js';
import { codeDeliveryDetails } from '../wire.js';

const schema = z.object({
  ClientId: clientId,
  SecretHash: secretHash,
  Username: username,
  ClientMetadata: clientMetadata,
});

export function forgotPassword({
  clients,
  users,
  passwordResets,
}: Pick<Services, 'clients' | 'users' | 'passwordResets'>): Operation<ForgotPasswordRequest, ForgotPasswordResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.require(input.ClientId);
    const known = users.find(input.Username);
    requireSecretHash(clients, client, [input.Username, ...(known ? [known.username] : [])], input.SecretHash);
    const delivery = passwordResets.forgotPassword(input.Username, client.preventUserExistenceErrors);
    return { CodeDeliveryDetails: codeDeliveryDetails(delivery) };
  };
}
