/**
 * ChangePassword: the user's previous password (wrong ones count towards the lockout) and a
 * new one that meets the policy, with an access token.
 */
import type { ChangePasswordRequest, ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, parse, password } from '../validation.js';

const schema = z.object({
  PreviousPassword: password.optional(),
  ProposedPassword: password,
  AccessToken: accessToken,
});

export function changePassword(
  services: Pick<Services, 'tokens' | 'users' | 'signIns'>,
): Operation<ChangePasswordRequest, ChangePasswordResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    await services.signIns.changePassword(user, input.PreviousPassword ?? '', input.ProposedPassword);
    return {};
  };
}
