/**
 * AdminUpdateUserAttributes: an administrator changes attributes, the verified flags
 * included. A new email must not belong to another user (AliasExistsException).
 */
import type {
  AdminUpdateUserAttributesRequest,
  AdminUpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import {
  attributeList,
  attributesOf,
  clientMetadata,
  parse,
  requirePool,
  username,
  userPoolId,
} from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Username: username,
  UserAttributes: attributeList,
  ClientMetadata: clientMetadata,
});

export function adminUpdateUserAttributes({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<AdminUpdateUserAttributesRequest, AdminUpdateUserAttributesResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    users.updateAttributes(users.require(input.Username), attributesOf(input.UserAttributes), 'administrator');
    return {};
  };
}
