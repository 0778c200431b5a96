/** AdminDeleteUserAttributes: removes attributes; `sub` and the required ones cannot go. */
import type {
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, username, userPoolId } from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Username: username,
  UserAttributeNames: z.array(z.string().min(1).max(32)),
});

export function adminDeleteUserAttributes({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    users.deleteAttributes(users.require(input.Username), input.UserAttributeNames, 'administrator');
    return {};
  };
}
