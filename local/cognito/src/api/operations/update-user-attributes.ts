/**
 * UpdateUserAttributes: the user changes their own attributes with an access token. The
 * verified flags are the pool's to set; a new email must be free, becomes unverified, and a
 * code is sent to it (to the log) for VerifyUserAttribute.
 */
import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { maskEmail } from '../../pool/attributes.js';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, attributeList, attributesOf, clientMetadata, parse } from '../validation.js';

const schema = z.object({ UserAttributes: attributeList, AccessToken: accessToken, ClientMetadata: clientMetadata });

export function updateUserAttributes(
  services: Pick<Services, 'tokens' | 'users'>,
): Operation<UpdateUserAttributesRequest, UpdateUserAttributesResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    const { codeSentTo } = services.users.updateAttributes(user, attributesOf(input.UserAttributes), 'user');
    return codeSentTo === undefined
      ? {}
      : {
          CodeDeliveryDetailsList: [
            { Destination: maskEmail(codeSentTo), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
          ],
        };
  };
}
