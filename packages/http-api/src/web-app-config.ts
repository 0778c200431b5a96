/**
 * The web app's runtime configuration (`config.json`, fetched from the app's own origin at
 * start), written by whatever serves the app: the local server from the local stack's
 * addresses, the CDK stack at deploy time from the deployed API, pool and client. The build is
 * then the same everywhere, and no address is baked into it.
 *
 * The OIDC endpoints are listed in full (the `metadata` that oidc-client-ts takes in place of
 * discovery), so the browser never fetches Cognito's discovery document, which lives on another
 * origin than the managed login domain (`cognito-idp.<region>.amazonaws.com`) and would otherwise
 * have to be in the Content Security Policy's `connect-src`.
 */
import { WEB_CLIENT } from './clients.js';

/** The endpoints of a Cognito user pool's OAuth 2.0 and OIDC service, as the app needs them. */
export interface WebAppOidcMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly userinfo_endpoint: string;
  readonly revocation_endpoint: string;
  /** Cognito's `/logout`, which takes `client_id` and `logout_uri`. */
  readonly end_session_endpoint: string;
  readonly jwks_uri: string;
}

/** The file's fields; `apps/web` reads the same names. */
export interface WebAppConfig {
  /** Where the API's routes start, without a trailing `/`: `https://abc123.execute-api.eu-west-1.amazonaws.com/dev`. */
  readonly apiUrl: string;
  /** The public app client's id. */
  readonly clientId: string;
  /** The user pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly authority: string;
  /** The managed login domain, e.g. `https://notes.auth.eu-west-1.amazoncognito.com`. */
  readonly loginUrl: string;
  /** Where managed login sends the code; registered on the client. */
  readonly redirectUri: string;
  /** Where `/logout` sends the browser back (`logout_uri`); registered on the client. */
  readonly signOutRedirectUri: string;
  /** The OIDC endpoints, in the names of a discovery document. */
  readonly metadata: WebAppOidcMetadata;
}

export interface WebAppConfigInput {
  /** Without a trailing `/`. */
  readonly apiUrl: string;
  /** The user pool's issuer. */
  readonly issuer: string;
  /** The managed login domain's origin. */
  readonly loginOrigin: string;
  /** The public app client's id. */
  readonly clientId: string;
  /** The origin that serves the app. */
  readonly webOrigin: string;
}

/**
 * The configuration of the app served at `webOrigin` (no path, no trailing `/`). Values are
 * concatenated, never parsed, so that each may be a deploy-time value (a CDK token, which a URL
 * parser refuses) resolved in the deployed file.
 *
 * @example
 * webAppConfig({
 *   apiUrl: 'http://localhost:3000',
 *   issuer: 'http://localhost:9229/local_AbC123',
 *   loginOrigin: 'http://localhost:9229',
 *   clientId: 'abc',
 *   webOrigin: 'http://localhost:5173',
 * }).redirectUri // 'http://localhost:5173/callback'
 */
export function webAppConfig(input: WebAppConfigInput): WebAppConfig {
  if (input.apiUrl.endsWith('/')) {
    throw new Error(`apiUrl must not end with "/" (the app appends /notes), got ${input.apiUrl}`);
  }
  if (input.webOrigin.endsWith('/')) {
    throw new Error(`webOrigin must be an origin without a trailing "/", got ${input.webOrigin}`);
  }
  const login = input.loginOrigin;
  return {
    apiUrl: input.apiUrl,
    clientId: input.clientId,
    authority: input.issuer,
    loginUrl: login,
    redirectUri: `${input.webOrigin}${WEB_CLIENT.callbackPath}`,
    signOutRedirectUri: `${input.webOrigin}${WEB_CLIENT.signOutPath}`,
    metadata: {
      issuer: input.issuer,
      authorization_endpoint: `${login}/oauth2/authorize`,
      token_endpoint: `${login}/oauth2/token`,
      userinfo_endpoint: `${login}/oauth2/userInfo`,
      revocation_endpoint: `${login}/oauth2/revoke`,
      end_session_endpoint: `${login}/logout`,
      jwks_uri: `${input.issuer}/.well-known/jwks.json`,
    },
  };
}
