import { WEB_CLIENT } from '@secure-notes/http-api/web';
import { describe, expect, it } from 'vitest';
import { webClientSettings } from './web-client.js';

describe('webClientSettings', () => {
  it('makes the shared public client: the code grant, its scopes, and every origin’s callback and sign-out URLs', () => {
    const settings = webClientSettings(['http://localhost:5173', 'http://localhost:5174']);

    expect(settings).toMatchObject({
      clientName: WEB_CLIENT.name,
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      callbackUrls: ['http://localhost:5173/callback', 'http://localhost:5174/callback'],
      logoutUrls: ['http://localhost:5173/', 'http://localhost:5174/'],
      enableTokenRevocation: true,
    });
  });

  it('gives ID and access tokens the same lifetime', () => {
    const { tokenValidity } = webClientSettings(['http://localhost:5173']);

    expect(tokenValidity?.idToken).toBe(tokenValidity?.accessToken);
    expect(tokenValidity?.units?.idToken).toBe(tokenValidity?.units?.accessToken);
  });
});
