import { describe, expect, it } from 'vitest';
import { WEB_CLIENT, webClientUrls } from './clients.js';
import { webAppConfig } from './web-app-config.js';

describe('WEB_CLIENT', () => {
  it('is a public client on the code grant with PKCE, asking for the OIDC and the notes scopes', () => {
    expect(WEB_CLIENT).toMatchObject({ generateSecret: false, oauthFlows: ['code'], pkceMethod: 'S256' });
    expect(WEB_CLIENT.scopes).toEqual(['openid', 'email', 'profile', 'notes/read', 'notes/write']);
  });

  it("keeps refresh tokens longer than the ID and access tokens, within Cognito's ranges", () => {
    const { idAndAccessTokenMinutes, refreshTokenMinutes } = WEB_CLIENT.tokenValidity;

    expect(idAndAccessTokenMinutes).toBeGreaterThanOrEqual(5);
    expect(idAndAccessTokenMinutes).toBeLessThanOrEqual(24 * 60);
    expect(refreshTokenMinutes).toBeGreaterThanOrEqual(Math.max(60, idAndAccessTokenMinutes));
  });
});

describe('webClientUrls', () => {
  it("puts the callback and the sign-out page on the web app's origin", () => {
    expect(webClientUrls('https://d111111abcdef8.cloudfront.net')).toEqual({
      callbackUrl: 'https://d111111abcdef8.cloudfront.net/callback',
      signOutUrl: 'https://d111111abcdef8.cloudfront.net/',
    });
  });

  it('refuses an origin with a trailing slash, which would make the URLs differ from the registered ones', () => {
    expect(() => webClientUrls('http://localhost:5173/')).toThrow(/must not end with "\/"/);
  });
});

describe('webAppConfig', () => {
  const input = {
    apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev',
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    loginOrigin: 'https://notes.auth.eu-west-1.amazoncognito.com',
    clientId: 'client123',
    webOrigin: 'https://d111111abcdef8.cloudfront.net',
  };

  it("gives the app every OIDC endpoint on the login domain, so it never fetches Cognito's discovery", () => {
    expect(webAppConfig(input)).toEqual({
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev',
      clientId: 'client123',
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      loginUrl: 'https://notes.auth.eu-west-1.amazoncognito.com',
      redirectUri: 'https://d111111abcdef8.cloudfront.net/callback',
      signOutRedirectUri: 'https://d111111abcdef8.cloudfront.net/',
      metadata: {
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
        authorization_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        token_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/token',
        userinfo_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
        revocation_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
        end_session_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/logout',
        jwks_uri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
      },
    });
  });

  it('refuses an API URL ending in "/", which would double the slash before /notes', () => {
    expect(() => webAppConfig({ ...input, apiUrl: `${input.apiUrl}/` })).toThrow(/apiUrl must not end with "\/"/);
  });
});
