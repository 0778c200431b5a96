/**
 * What CreateUserPoolClient and UpdateUserPoolClient accept: an app client's settings resolved
 * with Cognito's defaults, or the error Cognito answers for them. One function per rule group
 * (sign-in flows, identity providers, redirect URLs, OAuth, attributes, sessions), each with
 * the refusals Cognito gives, so a rule is found and changed in one place.
 */
import { CognitoError } from '../errors.js';
import { inSchema } from './attributes.js';
import type { ClientRecord, OAuthFlow } from './storage.js';
import { resolveTokenValidity, type TokenValiditySettings } from './token-validity.js';

/** The values ExplicitAuthFlows takes; the first three are the legacy ones. */
const LEGACY_AUTH_FLOWS = ['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH'] as const;
export const AUTH_FLOWS = [
  ...LEGACY_AUTH_FLOWS,
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
] as const;

/** A client created without ExplicitAuthFlows supports these, as Cognito's do. */
const DEFAULT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

/** The settings of an app client, as CreateUserPoolClient and UpdateUserPoolClient take them. */
export interface ClientSettings {
  readonly clientName: string;
  /** Each number alone is in the API's default unit (hours, hours, days). */
  readonly tokenValidity?: TokenValiditySettings;
  readonly explicitAuthFlows?: readonly string[];
  readonly supportedIdentityProviders?: readonly string[];
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
  readonly defaultRedirectUri?: string;
  readonly allowedOAuthFlows?: readonly OAuthFlow[];
  readonly allowedOAuthScopes?: readonly string[];
  readonly allowedOAuthFlowsUserPoolClient?: boolean;
  readonly readAttributes?: readonly string[];
  readonly writeAttributes?: readonly string[];
  readonly preventUserExistenceErrors?: 'ENABLED' | 'LEGACY';
  readonly enableTokenRevocation?: boolean;
  readonly enablePropagateAdditionalUserContextData?: boolean;
  /** Minutes, 3 to 15. */
  readonly authSessionValidity?: number;
}

/** What the pool tells the rules about itself. */
export interface ClientSettingsContext {
  readonly userPoolId: string;
  /** Every scope a client of the pool could be allowed. */
  readonly knownScopes: () => readonly string[];
  /** Every resource-server scope (`identifier/name`). */
  readonly resourceServerScopes: () => readonly string[];
}

/** A client's record but what the pool itself gives it: its id, its secret and its dates. */
export type ResolvedClientSettings = Omit<ClientRecord, 'clientId' | 'clientSecret' | 'createdAt' | 'lastModifiedAt'>;

function invalid(message: string): CognitoError {
  return new CognitoError('InvalidParameterException', message);
}

/**
 * Cognito's rule for callback and logout URLs: absolute, no fragment, HTTPS except for
 * http://localhost. Undefined when the URL can be registered.
 *
 * @example
 * redirectUriProblem('http://example.com/cb'); // 'The redirect URI must use HTTPS …'
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.includes('#')) return 'The redirect URI must not contain a fragment.';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'The redirect URI must be an absolute URL.';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && url.hostname === 'localhost') return undefined;
  return 'The redirect URI must use HTTPS (plain HTTP is allowed only for http://localhost).';
}

/** ExplicitAuthFlows: known values, legacy ones never mixed with `ALLOW_` ones. */
function authFlowsOf(settings: ClientSettings): string[] {
  const flows = settings.explicitAuthFlows ?? DEFAULT_AUTH_FLOWS;
  const unknownFlow = flows.find((flow) => !(AUTH_FLOWS as readonly string[]).includes(flow));
  if (unknownFlow !== undefined) throw invalid(`${unknownFlow} is not a valid ExplicitAuthFlows value.`);
  const legacy = flows.filter((flow) => (LEGACY_AUTH_FLOWS as readonly string[]).includes(flow));
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw invalid(
      'ExplicitAuthFlows cannot mix legacy values (such as USER_PASSWORD_AUTH) with values that begin with ALLOW_.',
    );
  }
  return [...new Set(flows)];
}

/** SupportedIdentityProviders: the pool's own users (`COGNITO`) are the only provider here. */
function identityProvidersOf(settings: ClientSettings, context: ClientSettingsContext): string[] {
  const providers = settings.supportedIdentityProviders ?? [];
  const unknownProvider = providers.find((provider) => provider !== 'COGNITO');
  if (unknownProvider !== undefined) {
    throw invalid(`The provider ${unknownProvider} does not exist for User Pool ${context.userPoolId}`);
  }
  return [...new Set(providers)];
}

/** CallbackURLs, LogoutURLs and DefaultRedirectURI: each URL one Cognito registers, the default among the callbacks. */
function redirectUrlsOf(
  settings: ClientSettings,
): Pick<ResolvedClientSettings, 'callbackUrls' | 'logoutUrls' | 'defaultRedirectUri'> {
  const callbackUrls = [...(settings.callbackUrls ?? [])];
  const logoutUrls = [...(settings.logoutUrls ?? [])];
  for (const url of callbackUrls) {
    const problem = redirectUriProblem(url);
    if (problem) throw invalid(`Invalid callback URL ${url}: ${problem}`);
  }
  for (const url of logoutUrls) {
    const problem = redirectUriProblem(url);
    if (problem) throw invalid(`Invalid logout URL ${url}: ${problem}`);
  }
  if (settings.defaultRedirectUri !== undefined && !callbackUrls.includes(settings.defaultRedirectUri)) {
    throw invalid('DefaultRedirectURI must be one of the CallbackURLs.');
  }
  return {
    callbackUrls,
    logoutUrls,
    ...(settings.defaultRedirectUri !== undefined ? { defaultRedirectUri: settings.defaultRedirectUri } : {}),
  };
}

/**
 * The OAuth settings: flows and scopes only for an OAuth client, and then both; scopes the pool
 * knows; `client_credentials` alone, for a client with a secret, with resource-server scopes
 * only; the code and implicit grants with a callback URL to send the user back to.
 */
function oauthOf(
  settings: ClientSettings,
  hasSecret: boolean,
  callbackUrls: readonly string[],
  context: ClientSettingsContext,
): Pick<ResolvedClientSettings, 'allowedOAuthFlows' | 'allowedOAuthScopes' | 'allowedOAuthFlowsUserPoolClient'> {
  const oauth = settings.allowedOAuthFlowsUserPoolClient ?? false;
  const oauthFlows = [...new Set(settings.allowedOAuthFlows ?? [])];
  const scopes = [...new Set(settings.allowedOAuthScopes ?? [])];
  if (!oauth && (oauthFlows.length > 0 || scopes.length > 0)) {
    throw invalid(
      'AllowedOAuthFlows and AllowedOAuthScopes can be set only when AllowedOAuthFlowsUserPoolClient is true.',
    );
  }
  if (oauth && (oauthFlows.length === 0 || scopes.length === 0)) {
    throw invalid('A client with AllowedOAuthFlowsUserPoolClient needs AllowedOAuthFlows and AllowedOAuthScopes.');
  }
  const unknownScope = scopes.find((scope) => !context.knownScopes().includes(scope));
  if (unknownScope !== undefined) {
    throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${unknownScope}`);
  }
  if (oauthFlows.includes('client_credentials')) {
    if (oauthFlows.length > 1) {
      throw new CognitoError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected along with code flow or implicit flow.',
      );
    }
    if (!hasSecret) {
      throw new CognitoError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    }
    const resourceScopes = context.resourceServerScopes();
    const userScope = scopes.find((scope) => !resourceScopes.includes(scope));
    if (userScope !== undefined) {
      throw new CognitoError(
        'InvalidOAuthFlowException',
        `The client_credentials flow takes only resource-server scopes, not ${userScope}.`,
      );
    }
  } else if (oauth && callbackUrls.length === 0) {
    throw invalid('A client that allows the code or implicit grant needs at least one of CallbackURLs.');
  }
  return { allowedOAuthFlows: oauthFlows, allowedOAuthScopes: scopes, allowedOAuthFlowsUserPoolClient: oauth };
}

/** ReadAttributes and WriteAttributes: attributes of the pool's schema. */
function attributesOf(settings: ClientSettings): Pick<ResolvedClientSettings, 'readAttributes' | 'writeAttributes'> {
  for (const name of [...(settings.readAttributes ?? []), ...(settings.writeAttributes ?? [])]) {
    if (!inSchema(name)) throw invalid(`Invalid read or write attribute: ${name} does not exist in the schema.`);
  }
  return {
    ...(settings.readAttributes !== undefined ? { readAttributes: [...settings.readAttributes] } : {}),
    ...(settings.writeAttributes !== undefined ? { writeAttributes: [...settings.writeAttributes] } : {}),
  };
}

/** How sign-in sessions behave: user existence errors, revocation, context data, the session's minutes. */
function sessionsOf(
  settings: ClientSettings,
  hasSecret: boolean,
): Pick<
  ResolvedClientSettings,
  | 'preventUserExistenceErrors'
  | 'enableTokenRevocation'
  | 'enablePropagateAdditionalUserContextData'
  | 'authSessionValidity'
> {
  if (settings.enablePropagateAdditionalUserContextData && !hasSecret) {
    throw invalid('EnablePropagateAdditionalUserContextData can be turned on only for a client with a secret.');
  }
  const authSessionValidity = settings.authSessionValidity ?? 3;
  if (!Number.isInteger(authSessionValidity) || authSessionValidity < 3 || authSessionValidity > 15) {
    throw invalid('AuthSessionValidity must be a whole number of minutes from 3 to 15.');
  }
  return {
    preventUserExistenceErrors: settings.preventUserExistenceErrors ?? 'LEGACY',
    enableTokenRevocation: settings.enableTokenRevocation ?? true,
    enablePropagateAdditionalUserContextData: settings.enablePropagateAdditionalUserContextData ?? false,
    authSessionValidity,
  };
}

/**
 * The settings with Cognito's defaults, or the error Cognito answers for them (the first rule
 * broken, in the order Cognito checks them).
 *
 * @example
 * resolveClientSettings({ clientName: 'cli' }, false, context).explicitAuthFlows;
 * // ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']
 */
export function resolveClientSettings(
  settings: ClientSettings,
  hasSecret: boolean,
  context: ClientSettingsContext,
): ResolvedClientSettings {
  const explicitAuthFlows = authFlowsOf(settings);
  const supportedIdentityProviders = identityProvidersOf(settings, context);
  const redirects = redirectUrlsOf(settings);
  const oauth = oauthOf(settings, hasSecret, redirects.callbackUrls, context);
  const attributes = attributesOf(settings);
  const sessions = sessionsOf(settings, hasSecret);
  return {
    clientName: settings.clientName,
    ...redirects,
    ...oauth,
    explicitAuthFlows,
    supportedIdentityProviders,
    ...attributes,
    tokenValidity: resolveTokenValidity(settings.tokenValidity),
    ...sessions,
  };
}
