/** DeleteUserAttributes: the user removes their own optional attributes. */
import type {
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, parse } from '../validation.js';

const schema = z.object({ UserAttributeNames: z.array(z.string().min(1).max(32)), AccessToken: accessToken });

export function deleteUserAttributes(
  services: Pick<Services, 'tokens' | 'users'>,
): Operation<DeleteUserAttributesRequest, DeleteUserAttributesResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    services.users.deleteAttributes(user, input.UserAttributeNames, 'user');
    return {};
  };
}
