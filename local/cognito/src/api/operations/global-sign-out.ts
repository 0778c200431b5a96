/**
 * GlobalSignOut: every refresh token of the user stops working, and every access token they
 * cover is refused by GetUser and userInfo (`Access Token has been revoked`). ID and access
 * tokens stay valid JWTs until they expire, as on AWS.
 */
import type { GlobalSignOutRequest, GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { userOfAccessToken } from '../access-token.js';
import type { Operation, Services } from '../services.js';
import { accessToken, parse } from '../validation.js';

const schema = z.object({ AccessToken: accessToken });

export function globalSignOut(
  services: Pick<Services, 'tokens' | 'users' | 'logger'>,
): Operation<GlobalSignOutRequest, GlobalSignOutResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const { user } = await userOfAccessToken(services, input.AccessToken);
    services.tokens.signOutEverywhere(user.username);
    services.logger.info({ event: 'GlobalSignOut', username: user.username }, 'signed out everywhere');
    return {};
  };
}
