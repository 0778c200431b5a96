/**
 * AdminSetUserPassword, for a user in any status: Permanent makes the user CONFIRMED (an
 * UNCONFIRMED or RESET_REQUIRED user included); otherwise the password is temporary and the
 * user must choose a new one at the next sign-in (FORCE_CHANGE_PASSWORD).
 */
import type {
  AdminSetUserPasswordRequest,
  AdminSetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, password, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Username: username,
  Password: password,
  Permanent: z.boolean().optional(),
});

export function adminSetUserPassword({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminSetUserPasswordRequest, AdminSetUserPasswordResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    await users.setPassword(users.require(input.Username), input.Password, input.Permanent ?? false);
    return {};
  };
}
