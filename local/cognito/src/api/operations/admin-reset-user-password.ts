/**
 * AdminResetUserPassword: a reset code to the user's verified email (written to the log) and
 * the user in RESET_REQUIRED, so that sign-in answers PasswordResetRequiredException until
 * ConfirmForgotPassword sets a new password.
 */
import type {
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { clientMetadata, parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId, Username: username, ClientMetadata: clientMetadata });

export function adminResetUserPassword({
  pool,
  users,
  passwordResets,
}: Pick<Services, 'pool' | 'users' | 'passwordResets'>): Operation<
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse
> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    passwordResets.adminReset(users.require(input.Username));
    return {};
  };
}
