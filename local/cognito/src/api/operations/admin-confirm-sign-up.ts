/** AdminConfirmSignUp: confirms an UNCONFIRMED user without a code (the email stays unverified). */
import type { AdminConfirmSignUpRequest, AdminConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { clientMetadata, parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username, ClientMetadata: clientMetadata });

export function adminConfirmSignUp({
  pool,
  users,
  signUps,
}: Pick<Services, 'pool' | 'users' | 'signUps'>): Operation<AdminConfirmSignUpRequest, AdminConfirmSignUpResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    signUps.adminConfirm(users.require(input.Username));
    return {};
  };
}
