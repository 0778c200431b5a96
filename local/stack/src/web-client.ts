/**
 * The browser app's side of the local stack: the app on its own origin and its public client in
 * the local pool, from `WEB_CLIENT` (the definition the CDK user pool uses too), with the
 * callback and sign-out URLs of every origin the app is served on locally: the stack's own and
 * the Vite dev server's.
 */
import { webAppConfig } from '@secure-notes/http-api';
import { WEB_CLIENT, webClientUrls } from '@secure-notes/http-api/web';
import type { ClientSettings, LocalCognito } from '@secure-notes/local-cognito';
import type { ServerConfig } from '@secure-notes/server';
import { startWebApp, type WebApp } from './web-app.js';

export function webClientSettings(origins: readonly string[]): ClientSettings {
  const urls = origins.map((origin) => webClientUrls(origin));
  return {
    clientName: WEB_CLIENT.name,
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthFlows: [...WEB_CLIENT.oauthFlows],
    allowedOAuthScopes: [...WEB_CLIENT.scopes],
    explicitAuthFlows: [...WEB_CLIENT.explicitAuthFlows],
    supportedIdentityProviders: ['COGNITO'],
    callbackUrls: urls.map((url) => url.callbackUrl),
    logoutUrls: urls.map((url) => url.signOutUrl),
    tokenValidity: {
      idToken: WEB_CLIENT.tokenValidity.idTokenMinutes,
      accessToken: WEB_CLIENT.tokenValidity.accessTokenMinutes,
      refreshToken: WEB_CLIENT.tokenValidity.refreshTokenDays,
      units: { idToken: 'minutes', accessToken: 'minutes', refreshToken: 'days' },
    },
    enableTokenRevocation: WEB_CLIENT.enableTokenRevocation,
    preventUserExistenceErrors: WEB_CLIENT.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
  };
}

export interface WebFrontEnd {
  readonly web: WebApp;
  /** The public client's id, for the API's accepted clients. */
  readonly clientId: string;
  /** Where the app is served, for the API's CORS origins. */
  readonly origins: readonly string[];
  /** Writes the app's config.json, and the CSP naming the API and the local S3, once both listen. */
  ready(endpoints: { readonly apiUrl: string; readonly baseUrl: string; readonly objectStorageOrigin: string }): void;
}

/**
 * Serves the app and registers its public client. It starts before the API, whose CORS origins
 * and accepted clients it names.
 */
export async function startWebFrontEnd(
  cognito: LocalCognito,
  options: { readonly host: string; readonly port: number; readonly devOrigin: string },
): Promise<WebFrontEnd> {
  const web = await startWebApp({ host: options.host, port: options.port });
  try {
    const origins = [web.url, options.devOrigin];
    const clientId = cognito.ensurePublicClient(webClientSettings(origins));
    return {
      web,
      clientId,
      origins,
      ready: ({ apiUrl, baseUrl, objectStorageOrigin }) =>
        web.configure(
          webAppConfig({
            apiUrl: baseUrl,
            issuer: cognito.issuer,
            loginOrigin: cognito.url,
            clientId,
            webOrigin: web.url,
          }),
          { apiOrigin: apiUrl, loginOrigin: cognito.url, objectStorageOrigin },
        ),
    };
  } catch (error) {
    await web.close();
    throw error;
  }
}

/** The API's configuration with the app's client among the accepted ones and its origins among the CORS origins. */
export function withWebFrontEnd(config: ServerConfig, front: WebFrontEnd | undefined): ServerConfig {
  if (front === undefined) return config;
  return {
    ...config,
    cognito: { ...config.cognito, clientIds: [...config.cognito.clientIds, front.clientId] },
    corsOrigins: [...new Set([...front.origins, ...config.corsOrigins])],
  };
}
