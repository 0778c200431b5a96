/** VerifyUserAttribute: the code sent to a changed email marks it verified. */
import type {
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, confirmationCode, parse } from '../validation.js';

const schema = z.object({ AccessToken: accessToken, AttributeName: z.string().min(1).max(32), Code: confirmationCode });

export function verifyUserAttribute(
  services: Pick<Services, 'tokens' | 'users'>,
): Operation<VerifyUserAttributeRequest, VerifyUserAttributeResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    if (input.AttributeName !== 'email') {
      throw new CognitoError(
        'InvalidParameterException',
        `Only email can be verified in this pool, not ${input.AttributeName}.`,
      );
    }
    services.users.verifyEmail(user, input.Code);
    return {};
  };
}
