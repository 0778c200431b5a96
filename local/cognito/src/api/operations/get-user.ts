/** GetUser: the access token's user and attributes. */
import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, parse } from '../validation.js';
import { attributeTypes } from '../wire.js';

const schema = z.object({ AccessToken: accessToken });

export function getUser(services: Pick<Services, 'tokens' | 'users'>): Operation<GetUserRequest, GetUserResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    return { Username: user.username, UserAttributes: attributeTypes(user) };
  };
}
