/** DeleteUser: the user deletes their own account with an access token; every token of theirs is revoked. */
import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, parse } from '../validation.js';

const schema = z.object({ AccessToken: accessToken });

export function deleteUser(
  services: Pick<Services, 'tokens' | 'users'>,
): Operation<DeleteUserRequest, Record<string, never>> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    services.users.delete(user);
    services.tokens.signOutEverywhere(user.username);
    return {};
  };
}
