/** SignUp: an UNCONFIRMED user, and the verification code written to the log. */
import type { SignUpRequest, SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import { maskEmail } from '../../pool/attributes.js';
import { requireSecretHash } from '../client-auth.js';
import type { Operation, Services } from '../services.js';
import {
  attributeList,
  attributesOf,
  clientId,
  clientMetadata,
  parse,
  password,
  secretHash,
  username,
} from '../validation.js';

const schema = z.object({
  ClientId: clientId,
  SecretHash: secretHash,
  Username: username,
  Password: password.optional(),
  UserAttributes: attributeList.optional(),
  ValidationData: attributeList.optional(),
  ClientMetadata: clientMetadata,
});

export function signUp({
  clients,
  signUps,
}: Pick<Services, 'clients' | 'signUps'>): Operation<SignUpRequest, SignUpResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.require(input.ClientId);
    requireSecretHash(clients, client, [input.Username], input.SecretHash);
    if (!input.Password) throw new CognitoError('InvalidParameterException', 'Password is required.');
    const user = await signUps.signUp({
      username: input.Username,
      password: input.Password,
      attributes: attributesOf(input.UserAttributes),
    });
    return {
      UserConfirmed: false,
      CodeDeliveryDetails: {
        Destination: maskEmail(user.attributes.email ?? ''),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
      UserSub: user.username,
    };
  };
}
