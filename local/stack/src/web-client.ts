/**
 * The browser app's public client in the local pool, from `WEB_CLIENT` (the definition the CDK
 * user pool uses too), with the callback and sign-out URLs of every origin the app is served
 * on locally: the stack's own and the Vite dev server's.
 */
import { WEB_CLIENT, webClientUrls } from '@secure-notes/http-api/web';
import type { ClientSettings } from '@secure-notes/local-cognito';

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
