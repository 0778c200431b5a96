import { describe, expect, it } from 'vitest';
import { principalFromAuthorizer } from './event-principal.js';
import { cognitoAuthorizerClaims, proxyEvent } from './testing/events.js';

const CLIENT = '4pt0example1client2id3abc';
const options = { appClientIds: new Set([CLIENT, 'machine-client']) };

describe('principalFromAuthorizer', () => {
  it('reads the Cognito authorizer’s claims, every value a string, as the tutorial’s Lambda does', () => {
    const claims = cognitoAuthorizerClaims({
      sub: 'd2f50444-0041-7036-aea2-a955fca33d37',
      token_use: 'id',
      aud: CLIENT,
      email: 'alice@example.com',
      email_verified: true,
      'cognito:username': 'alice',
      'cognito:groups': ['admin', 'editors'],
      exp: 1718722804,
    });
    const event = proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer: { claims } });

    const principal = principalFromAuthorizer(event.requestContext.authorizer, options);

    expect(claims.exp).toBe('Tue Jun 18 15:00:04 UTC 2024');
    expect(principal).toEqual({
      userId: 'd2f50444-0041-7036-aea2-a955fca33d37',
      tokenUse: 'id',
      email: 'alice@example.com',
      username: 'alice',
      groups: ['admin', 'editors'],
      scopes: [],
      expiresAt: 1718722804,
    });
  });

  it('reads an access token’s scopes when the method has scopes', () => {
    const claims = cognitoAuthorizerClaims({
      sub: 'u1',
      token_use: 'access',
      client_id: CLIENT,
      scope: 'openid notes/read',
    });

    const principal = principalFromAuthorizer({ claims }, options);

    expect(principal).toMatchObject({ tokenUse: 'access', scopes: ['openid', 'notes/read'], groups: [] });
  });

  it('reads groups printed as a list, as API Gateway sometimes prints arrays', () => {
    expect(
      principalFromAuthorizer(
        { claims: { sub: 'u', token_use: 'id', aud: CLIENT, 'cognito:groups': '[admin editors]' } },
        options,
      ).groups,
    ).toEqual(['admin', 'editors']);
  });

  it('reads the custom authorizer’s context', () => {
    const authorizer = {
      principalId: 'u2',
      integrationLatency: 12,
      userId: 'u2',
      email: 'bob@example.com',
      groups: 'admin',
      scopes: '',
      tokenUse: 'id',
    };
    const event = proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer });

    expect(principalFromAuthorizer(event.requestContext.authorizer, options)).toEqual({
      userId: 'u2',
      tokenUse: 'id',
      email: 'bob@example.com',
      groups: ['admin'],
      scopes: [],
    });
  });

  it('refuses an event without a usable caller with the contract’s 401', () => {
    for (const authorizer of [undefined, null, {}, { claims: {} }, { claims: { sub: 'u' } }, { principalId: 'u' }]) {
      expect(() => principalFromAuthorizer(authorizer as never, options), JSON.stringify(authorizer)).toThrow(
        expect.objectContaining({ answer: 'unauthorized' }),
      );
    }
  });

  it('refuses the claims of a token issued to another app client of the pool, which the Cognito authorizer lets through', () => {
    const refused = [
      // An ID token of another app client (its audience).
      { sub: 'u', token_use: 'id', aud: 'another-app-client' },
      // An ID token without an audience, or an access token relabelled as one (it has client_id, no aud).
      { sub: 'u', token_use: 'id' },
      { sub: 'u', token_use: 'id', client_id: CLIENT },
      // An access token of another app client, or with no client at all.
      { sub: 'u', token_use: 'access', client_id: 'another-app-client', scope: 'notes/read' },
      { sub: 'u', token_use: 'access', aud: CLIENT, scope: 'notes/read' },
    ];
    for (const claims of refused) {
      expect(() => principalFromAuthorizer({ claims }, options), JSON.stringify(claims)).toThrow(
        expect.objectContaining({ answer: 'unauthorized' }),
      );
    }
    expect(
      principalFromAuthorizer({ claims: { sub: 'm', token_use: 'access', client_id: 'machine-client' } }, options),
    ).toMatchObject({ userId: 'm', tokenUse: 'access' });
  });
});
