import { describe, expect, it } from 'vitest';
import { webAppConfig } from './web-app-config.js';

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

  it('takes deploy-time values (CDK tokens, which no URL parser accepts) as they are', () => {
    const $ = '$';
    const webOrigin = `https://${$}{Token[TOKEN.42]}`;

    expect(webAppConfig({ ...input, webOrigin }).redirectUri).toBe(`${webOrigin}/callback`);
  });

  it('refuses an API URL ending in "/", which would double the slash before /notes', () => {
    expect(() => webAppConfig({ ...input, apiUrl: `${input.apiUrl}/` })).toThrow(/apiUrl must not end with "\/"/);
  });

  it('refuses a web origin ending in "/", which would register URLs the app never uses', () => {
    expect(() => webAppConfig({ ...input, webOrigin: `${input.webOrigin}/` })).toThrow(
      /webOrigin must be an origin without a trailing "\/"/,
    );
  });
});
