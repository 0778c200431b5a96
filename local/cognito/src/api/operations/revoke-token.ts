/**
 * RevokeToken: a refresh token stops working, and so does every access token issued from it.
 * The client authenticates with its secret when it has one. Revoking a token the pool does
 * not know succeeds, as the revocation endpoint does; an ID or access token is
 * UnsupportedTokenTypeException.
 */
import type { RevokeTokenRequest, RevokeTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CognitoError } from '../../errors.js';
import { looksLikeJwt } from '../../tokens/token-service.js';
import type { Operation, Services } from '../services.js';
import { clientId, parse } from '../validation.js';

const schema = z.object({
  Token: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_=.-]+$/),
  ClientId: clientId,
  ClientSecret: z.string().min(1).max(64).optional(),
});

export function revokeToken({
  clients,
  tokens,
  logger,
}: Pick<Services, 'clients' | 'tokens' | 'logger'>): Operation<RevokeTokenRequest, RevokeTokenResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = clients.find(input.ClientId);
    if (!client) throw new CognitoError('UnauthorizedException', 'Invalid client id or client secret.');
    if (client.clientSecret !== undefined && !clients.secretMatches(client, input.ClientSecret)) {
      throw new CognitoError('UnauthorizedException', 'Invalid client id or client secret.');
    }
    if (!client.enableTokenRevocation) {
      throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
    }
    if (looksLikeJwt(input.Token)) {
      throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
    }
    const outcome = tokens.revokeRefreshToken(input.Token, client.clientId);
    if (outcome === 'other-client') {
      throw new CognitoError('UnauthorizedException', 'The token was not issued to this app client.');
    }
    logger.info({ event: 'RevokeToken', clientId: client.clientId, outcome }, 'revocation request');
    return {};
  };
}
