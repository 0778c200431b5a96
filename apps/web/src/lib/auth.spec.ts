import { webAppConfig } from '@secure-notes/http-api';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config.js';
import { groupsOf, logoutUrl, userManagerSettings } from './auth.js';

const config: AppConfig = webAppConfig({
  apiUrl: 'https://api.example.com/dev',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x',
  loginOrigin: 'https://notes.auth.eu-west-1.amazoncognito.com',
  clientId: 'client-1',
  webOrigin: 'https://app.example.com',
});

describe('userManagerSettings', () => {
  it('asks for the code with PKCE and the notes scopes, from endpoints given in full', () => {
    const settings = userManagerSettings(config, window.sessionStorage);

    expect(settings.response_type).toBe('code');
    expect(settings.scope).toBe('openid email profile notes/read notes/write');
    expect(settings.metadata).toMatchObject({
      authorization_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
      token_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/token',
      revocation_endpoint: 'https://notes.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
    });
    expect(settings.silent_redirect_uri).toBeUndefined();
    expect(settings.automaticSilentRenew).toBe(false);
  });
});

describe('logoutUrl', () => {
  it('ends the managed login session with client_id and logout_uri, and no token', () => {
    const url = new URL(logoutUrl(config));

    expect(url.origin + url.pathname).toBe('https://notes.auth.eu-west-1.amazoncognito.com/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      logout_uri: 'https://app.example.com/',
    });
  });
});

describe('groupsOf', () => {
  it('reads cognito:groups', () => {
    expect(groupsOf({ 'cognito:groups': ['admin'] })).toEqual(['admin']);
    expect(groupsOf({})).toEqual([]);
  });
});
