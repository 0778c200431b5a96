/**
 * ListUsers, with the filter language of the API (`attribute = "value"` or
 * `attribute ^= "prefix"`) and pages of at most 60.
 */
import type { ListUsersRequest, ListUsersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import type { UserRecord } from '../../pool/storage.js';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { userType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  AttributesToGet: z.array(z.string()).optional(),
  Limit: z.number().int().min(0).max(60).optional(),
  PaginationToken: z.string().optional(),
  Filter: z.string().max(256).optional(),
});

const FILTERABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];

function userFilter(filter: string | undefined): (user: UserRecord) => boolean {
  if (filter === undefined || filter.trim() === '') return () => true;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match || !FILTERABLE.includes(match[1] as string)) {
    throw new CognitoError(
      'InvalidParameterException',
      `Invalid search attribute or filter: ${filter}. Use attribute = "value" or attribute ^= "prefix" with one of ${FILTERABLE.join(', ')}.`,
    );
  }
  const [, attribute, operator, quoted] = match as unknown as [string, string, string, string];
  const wanted = quoted.replace(/\\(.)/g, '$1');
  const attributeOf = (user: UserRecord): string | undefined => {
    if (attribute === 'username') return user.username;
    if (attribute === 'cognito:user_status') return user.status;
    if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    return user.attributes[attribute];
  };
  return (user) => {
    const value = attributeOf(user);
    if (value === undefined) return false;
    return operator === '=' ? value === wanted : value.startsWith(wanted);
  };
}

export function listUsers({
  pool,
  users,
}: Pick<Services, 'pool' | 'users'>): Operation<ListUsersRequest, ListUsersResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const matches = users.list().filter(userFilter(input.Filter));
    const start = input.PaginationToken ? Number(Buffer.from(input.PaginationToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0)
      throw new CognitoError('InvalidParameterException', 'Invalid PaginationToken.');
    const limit = input.Limit || 60;
    const next = start + limit < matches.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return {
      Users: matches.slice(start, start + limit).map((user) => userType(user, input.AttributesToGet)),
      ...(next ? { PaginationToken: next } : {}),
    };
  };
}
