/** ResendConfirmationCode: a new sign-up code for an unconfirmed user. */
import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { maskEmail } from '../../pool/attributes.js';
import { requireSecretHash } from '../client-auth.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse, secretHash, username } from '../validation.js';

const schema = z.object({
  ClientId: clientId,
  SecretHash: secretHash,
  Username: username,
  ClientMetadata: clientMetadata,
});

export function resendConfirmationCode({
  clients,
  signUps,
}: Pick<Services, 'clients' | 'signUps'>): Operation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.require(input.ClientId);
    requireSecretHash(clients, client, [input.Username], input.SecretHash);
    const user = signUps.resendCode(input.Username);
    return {
      CodeDeliveryDetails: {
        Destination: maskEmail(user.attributes.email ?? ''),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    };
  };
}
