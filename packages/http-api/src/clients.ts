/**
 * The public app client the browser app signs in with, defined once for every place that
 * creates it: the local Cognito's pool and the CDK user pool. A public client has no secret (a
 * browser cannot keep one), so the authorization code it gets is protected by PKCE instead; its
 * URLs are paths on the web app's origin, which differs by deployment (`http://localhost:5173`
 * locally, the CloudFront distribution's domain on AWS).
 *
 * The ID and access tokens share one validity because the sign-in library schedules renewal
 * from the token answer's `expires_in`, which is the access token's: a shorter-lived ID token
 * would expire before the renewal and the API (which the app calls with the ID token) would
 * answer 401 in between.
 */

/** The app client of the browser app. */
export interface PublicAppClient {
  /** The client's name in the user pool. */
  readonly name: string;
  /** No secret: the browser holds the client id only. */
  readonly generateSecret: false;
  /** The OAuth flow: the authorization code grant, never the implicit one. */
  readonly oauthFlows: readonly ['code'];
  /** The PKCE method the app sends (`code_challenge_method`), the only one Cognito accepts. */
  readonly pkceMethod: 'S256';
  /** What the client may ask for: the OIDC scopes and both notes scopes. */
  readonly scopes: readonly string[];
  /** Where managed login returns the code, as a path on the web app's origin. */
  readonly callbackPath: string;
  /** Where managed login's `/logout` may send the browser, as a path on the web app's origin. */
  readonly signOutPath: string;
  /** Token lifetimes; the ID and access tokens' are equal (see above). */
  readonly tokenValidity: {
    readonly idAndAccessTokenMinutes: number;
    readonly refreshTokenMinutes: number;
  };
}

/**
 * The browser app's client. Refresh tokens live a working day: long enough that a person is not
 * sent back to sign in during a session, short enough that a refresh token left in a browser is
 * worth little by the next morning (Cognito's default is 30 days).
 *
 * @example
 * new URL(WEB_CLIENT.callbackPath, 'https://d111111abcdef8.cloudfront.net').href
 * // 'https://d111111abcdef8.cloudfront.net/callback'
 */
export const WEB_CLIENT: PublicAppClient = Object.freeze({
  name: 'Secure Notes web app',
  generateSecret: false,
  oauthFlows: Object.freeze(['code'] as const),
  pkceMethod: 'S256',
  scopes: Object.freeze(['openid', 'email', 'profile', 'notes/read', 'notes/write']),
  callbackPath: '/callback',
  signOutPath: '/',
  tokenValidity: Object.freeze({ idAndAccessTokenMinutes: 60, refreshTokenMinutes: 12 * 60 }),
});

/**
 * The client's callback and sign-out URLs on the web app at `origin` (`https://host[:port]`, no
 * path). Plain concatenation, so that `origin` may be a deploy-time value (a CDK token).
 *
 * @example
 * webClientUrls('http://localhost:5173')
 * // { callbackUrl: 'http://localhost:5173/callback', signOutUrl: 'http://localhost:5173/' }
 */
export function webClientUrls(
  origin: string,
  client: Pick<PublicAppClient, 'callbackPath' | 'signOutPath'> = WEB_CLIENT,
): { readonly callbackUrl: string; readonly signOutUrl: string } {
  if (origin.endsWith('/')) {
    throw new Error(`The web app's origin must not end with "/" (scheme, host and port only), got ${origin}`);
  }
  return { callbackUrl: `${origin}${client.callbackPath}`, signOutUrl: `${origin}${client.signOutPath}` };
}
