/**
 * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD, and the invitation with the temporary
 * password written to the log (unless MessageAction is SUPPRESS; RESEND sends a new one).
 */
import type { AdminCreateUserRequest, AdminCreateUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import {
  attributeList,
  attributesOf,
  clientMetadata,
  parse,
  password,
  requirePool,
  username,
  userPoolId,
} from '../validation.js';
import { userType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Username: username,
  UserAttributes: attributeList.optional(),
  ValidationData: attributeList.optional(),
  TemporaryPassword: password.optional(),
  ForceAliasCreation: z.boolean().optional(),
  MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
  DesiredDeliveryMediums: z.array(z.enum(['EMAIL', 'SMS'])).optional(),
  ClientMetadata: clientMetadata,
});

export function adminCreateUser({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminCreateUserRequest, AdminCreateUserResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const user = await users.adminCreate({
      username: input.Username,
      attributes: attributesOf(input.UserAttributes),
      ...(input.TemporaryPassword !== undefined ? { temporaryPassword: input.TemporaryPassword } : {}),
      ...(input.MessageAction !== undefined ? { messageAction: input.MessageAction } : {}),
    });
    return { User: userType(user) };
  };
}
