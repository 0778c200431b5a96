/** DescribeResourceServer: one resource server and its scopes, or ResourceNotFoundException. */
import type {
  DescribeResourceServerRequest,
  DescribeResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';
import { resourceServerType } from '../wire.js';

const schema = z.object({
  UserPoolId: userPoolId,
  Identifier: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/),
});

export function describeResourceServer({
  pool,
}: Pick<Services, 'pool'>): Operation<DescribeResourceServerRequest, DescribeResourceServerResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(pool, input.UserPoolId);
    const server = pool.resourceServers.find((candidate) => candidate.identifier === input.Identifier);
    if (!server)
      throw new CognitoError('ResourceNotFoundException', `Resource server ${input.Identifier} does not exist.`);
    return { ResourceServer: resourceServerType(server, pool.id) };
  };
}
