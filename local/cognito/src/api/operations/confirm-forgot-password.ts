/**
 * ConfirmForgotPassword: the reset code and a new password. A password the policy refuses
 * leaves the code usable; the fifth wrong code voids it (LimitExceededException).
 */
import type {
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { requireSecretHash } from '../client-auth.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, confirmationCode, parse, password, secretHash, username } from '../validation.js';

const schema = z.object({
  ClientId: clientId,
  SecretHash: secretHash,
  Username: username,
  ConfirmationCode: confirmationCode,
  Password: password,
  ClientMetadata: clientMetadata,
});

export function confirmForgotPassword({
  clients,
  users,
  passwordResets,
}: Pick<Services, 'clients' | 'users' | 'passwordResets'>): Operation<
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.require(input.ClientId);
    const known = users.find(input.Username);
    requireSecretHash(clients, client, [input.Username, ...(known ? [known.username] : [])], input.SecretHash);
    await passwordResets.confirm(
      input.Username,
      input.ConfirmationCode,
      input.Password,
      client.preventUserExistenceErrors,
    );
    return {};
  };
}
