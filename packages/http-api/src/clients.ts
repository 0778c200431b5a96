/**
 * The browser app's public app client, defined once for every place that creates it: the CDK
 * user pool, the local Cognito, and the app itself (which asks for these scopes and registers
 * these paths). A public client has no secret, so the authorization code grant is only safe
 * with PKCE (S256): Cognito accepts a code request without a challenge, so the app (through
 * oidc-client-ts) always sends one, and the browser journey checks that it does.
 * ID and access tokens share one validity because oidc-client-ts schedules renewal from the
 * token answer's `expires_in`, which is the access token's lifetime, while the app sends the
 * ID token: with different lifetimes the app would send an expired ID token, or renew early.
 */

/** Settings of the web app's public client; the same in AWS and in the local pool. */
export interface WebClientDefinition {
  /** The app client's name in the pool. */
  readonly name: string;
  /** A public client: no secret, PKCE instead. */
  readonly generateSecret: false;
  /** OAuth 2.0 grants the client may use at /oauth2/authorize and /oauth2/token. */
  readonly oauthFlows: readonly ['code'];
  /** The PKCE method the app sends; the only one Cognito accepts besides `plain`. */
  readonly pkceMethod: 'S256';
  /** Scopes the app asks for; the ID token comes with `openid`, the notes scopes label the access token. */
  readonly scopes: readonly string[];
  /** The sign-in flows outside OAuth: the refresh-token grant only (renewal at /oauth2/token). */
  readonly explicitAuthFlows: readonly string[];
  /** Where the managed login sends the code, relative to the app's origin. */
  readonly callbackPath: string;
  /** Where /logout sends the browser afterwards, relative to the app's origin. */
  readonly signOutPath: string;
  /** Token lifetimes; ID and access equal (see above). */
  readonly tokenValidity: {
    readonly idTokenMinutes: number;
    readonly accessTokenMinutes: number;
    readonly refreshTokenDays: number;
  };
  /** Refresh tokens can be revoked at /oauth2/revoke, which sign-out does. */
  readonly enableTokenRevocation: true;
  readonly preventUserExistenceErrors: true;
}

export const WEB_CLIENT: WebClientDefinition = Object.freeze({
  name: 'Secure Notes web app',
  generateSecret: false,
  oauthFlows: Object.freeze(['code'] as const),
  pkceMethod: 'S256',
  scopes: Object.freeze(['openid', 'email', 'profile', 'notes/read', 'notes/write']),
  explicitAuthFlows: Object.freeze(['ALLOW_REFRESH_TOKEN_AUTH']),
  callbackPath: '/callback',
  signOutPath: '/',
  tokenValidity: Object.freeze({ idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 }),
  enableTokenRevocation: true,
  preventUserExistenceErrors: true,
});

/** The client's callback and sign-out URLs for an app served at `origin`. */
export interface WebClientUrls {
  readonly callbackUrl: string;
  readonly signOutUrl: string;
}

/**
 * The callback and sign-out URLs to register for an app served at `origin` (no path, as
 * browsers send it in `Origin`).
 *
 * @example
 * webClientUrls('http://localhost:5173'); // { callbackUrl: 'http://localhost:5173/callback', signOutUrl: 'http://localhost:5173/' }
 */
export function webClientUrls(origin: string): WebClientUrls {
  const base = new URL(origin);
  if (base.origin !== origin.replace(/\/$/, '')) {
    throw new Error(`The web app's origin must be scheme, host and port only, without a path: got ${origin}`);
  }
  return {
    callbackUrl: new URL(WEB_CLIENT.callbackPath, base).href,
    signOutUrl: new URL(WEB_CLIENT.signOutPath, base).href,
  };
}
