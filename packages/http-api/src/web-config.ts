/**
 * The browser app's runtime configuration, `/config.json` beside the build: what whoever serves
 * the app writes (the CDK stack at deploy time, the local stack at start) and what the app reads
 * before it renders. Nothing of a deployment is baked into the build, so one build serves every
 * stage. The OIDC endpoints are Cognito's fixed paths under `loginUrl`, so the app needs no
 * discovery document from the issuer's origin.
 */
import { webClientUrls } from './clients.js';

/** Where the app fetches its configuration, on its own origin. */
export const WEB_CONFIG_PATH = '/config.json';

export interface WebAppConfig {
  /** Where the API's routes start: `https://abc123.execute-api.eu-west-1.amazonaws.com/dev`. */
  readonly apiUrl: string;
  /** The public app client's id (`WEB_CLIENT`). */
  readonly clientId: string;
  /** The token issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly authority: string;
  /** The managed login domain: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly loginUrl: string;
  /** The registered callback URL on the app's origin. */
  readonly redirectUri: string;
  /** The registered sign-out URL on the app's origin. */
  readonly signOutRedirectUri: string;
}

/**
 * The configuration for an app served at `appOrigin`.
 *
 * @example
 * webAppConfig({ appOrigin: 'https://d1234.cloudfront.net', apiUrl, clientId, authority, loginUrl });
 */
export function webAppConfig(
  settings: Omit<WebAppConfig, 'redirectUri' | 'signOutRedirectUri'> & { readonly appOrigin: string },
): WebAppConfig {
  const { appOrigin, ...rest } = settings;
  const urls = webClientUrls(appOrigin);
  return { ...rest, redirectUri: urls.callbackUrl, signOutRedirectUri: urls.signOutUrl };
}
