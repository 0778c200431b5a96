/**
 * DescribeUserPoolDomain: the managed login domain prefix of this pool. Managed login is
 * served at the local Cognito's own URL, named as the CloudFront distribution would be. A
 * domain that no pool has answers an empty description, as the service does.
 */
import type {
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse } from '../validation.js';

const schema = z.object({
  Domain: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/),
});

export function describeUserPoolDomain({
  pool,
  publicUrl,
}: Pick<Services, 'pool' | 'publicUrl'>): Operation<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse> {
  return async (request) => {
    const { Domain } = parse(schema, request);
    if (Domain !== pool.domain) return { DomainDescription: {} };
    return {
      DomainDescription: {
        UserPoolId: pool.id,
        AWSAccountId: '000000000000',
        Domain: pool.domain,
        CloudFrontDistribution: new URL(publicUrl).host,
        Version: '1',
        Status: 'ACTIVE',
        ManagedLoginVersion: 2,
      },
    };
  };
}
