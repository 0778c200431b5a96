/** DescribeUserPool: the pool's schema, policies, sign-in identifier and domain. */
import type {
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
  SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Operation, Services } from '../services.js';
import { parse, requirePool, userPoolId } from '../validation.js';

const schema = z.object({ UserPoolId: userPoolId });

function stringAttribute(Name: string, Required: boolean): SchemaAttributeType {
  return {
    Name,
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: Name !== 'sub',
    Required,
    StringAttributeConstraints: { MinLength: Name === 'sub' ? '1' : '0', MaxLength: '2048' },
  };
}

export function describeUserPool({
  pool,
}: Pick<Services, 'pool'>): Operation<DescribeUserPoolRequest, DescribeUserPoolResponse> {
  return async (request) => {
    const { UserPoolId } = parse(schema, request);
    requirePool(pool, UserPoolId);
    return {
      UserPool: {
        Id: pool.id,
        Name: pool.name,
        Arn: `arn:aws:cognito-idp:${pool.region}:000000000000:userpool/${pool.id}`,
        Policies: {
          PasswordPolicy: { ...pool.passwordPolicy },
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
        },
        DeletionProtection: 'INACTIVE',
        LambdaConfig: {},
        LastModifiedDate: new Date(pool.lastModifiedAt),
        CreationDate: new Date(pool.createdAt),
        SchemaAttributes: [
          stringAttribute('sub', true),
          stringAttribute('name', true),
          stringAttribute('email', true),
          {
            Name: 'email_verified',
            AttributeDataType: 'Boolean',
            DeveloperOnlyAttribute: false,
            Mutable: true,
            Required: false,
          },
        ],
        AutoVerifiedAttributes: ['email'],
        UsernameAttributes: ['email'],
        VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
        MfaConfiguration: 'OFF',
        EstimatedNumberOfUsers: pool.userCount,
        EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
        Domain: pool.domain,
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
        UsernameConfiguration: { CaseSensitive: false },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
        UserPoolTier: 'ESSENTIALS',
      },
    };
  };
}
