/**
 * The OIDC settings for oidc-client-ts, from the runtime configuration, and the sign-out that
 * Cognito needs. Where things live, and why:
 * - Tokens stay in memory (`InMemoryWebStorage`): a script injected into the page cannot read
 *   them from storage later, and nothing outlives the tab. A reload goes through the managed
 *   login again, which remembers the person by its own cookie, so it costs a redirect, not a
 *   password.
 * - The library's request state and PKCE verifier go to `sessionStorage`: they must survive the
 *   full-page trip to the managed login and back, and sessionStorage keeps them to this tab
 *   (localStorage, the library's default, would share them with every tab and keep them forever).
 *   The library deletes an entry when its callback is used and `clearStaleState` drops the rest.
 * - Renewal uses the refresh-token grant at /oauth2/token (the library does so whenever the user
 *   has a refresh token); there is no `silent_redirect_uri`, so it never tries an iframe with
 *   `prompt=none`, which the managed login would refuse to be framed for anyway. It happens when
 *   a call needs it (an expired token, or a 401: see `app/session.ts`), not on the library's
 *   timer, which fires a minute before expiry and so would renew without end for tokens that
 *   live less than a minute; a tab left alone sends nothing.
 * The endpoints come in config.json and are given to the library as metadata, so it never
 * fetches the discovery document.
 */
import { WEB_CLIENT } from '@secure-notes/http-api/web';
import { InMemoryWebStorage, type UserManagerSettings, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from '../config/app-config.js';

export function userManagerSettings(config: AppConfig, storage: Storage = window.sessionStorage): UserManagerSettings {
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.signOutRedirectUri,
    response_type: 'code',
    scope: WEB_CLIENT.scopes.join(' '),
    metadata: { ...config.metadata },
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: storage, prefix: 'secure-notes.oidc.' }),
    automaticSilentRenew: false,
    loadUserInfo: false,
    monitorSession: false,
  };
}

/**
 * Where the browser goes to end the managed login's session: Cognito's /logout takes
 * `client_id` and `logout_uri` (not the OIDC `id_token_hint`, which would put a token in a URL).
 */
export function logoutUrl(config: AppConfig): string {
  const url = new URL(config.metadata.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('logout_uri', config.signOutRedirectUri);
  return url.href;
}

/** The groups the ID token says the person is in (`cognito:groups`). */
export function groupsOf(profile: Record<string, unknown> | undefined): readonly string[] {
  const groups = profile?.['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [];
}
