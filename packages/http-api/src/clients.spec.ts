import { describe, expect, it } from 'vitest';
import { WEB_CLIENT, webClientUrls } from './clients.js';

describe('WEB_CLIENT', () => {
  it('is a public client that asks for the ID token claims and both notes scopes', () => {
    expect(WEB_CLIENT.generateSecret).toBe(false);
    expect(WEB_CLIENT.oauthFlows).toEqual(['code']);
    expect(WEB_CLIENT.scopes).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'notes/read', 'notes/write']),
    );
  });

  it('gives ID and access tokens one lifetime, since renewal is scheduled from expires_in', () => {
    expect(WEB_CLIENT.tokenValidity.idTokenMinutes).toBe(WEB_CLIENT.tokenValidity.accessTokenMinutes);
  });
});

describe('webClientUrls', () => {
  it('places the callback and the sign-out page under the origin', () => {
    expect(webClientUrls('http://localhost:5173')).toEqual({
      callbackUrl: 'http://localhost:5173/callback',
      signOutUrl: 'http://localhost:5173/',
    });
  });

  it('refuses an origin with a path', () => {
    expect(() => webClientUrls('https://example.com/app')).toThrow(/without a path/);
  });
});
