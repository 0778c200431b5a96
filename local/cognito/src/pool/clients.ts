/**
 * The pool's app clients: what CreateUserPoolClient and UpdateUserPoolClient accept (with
 * Cognito's defaults and its refusals), how long each client's tokens live, and the checks of
 * a client secret and of `SECRET_HASH`. The managed login pages, the OAuth 2.0 endpoints and
 * the JSON API all read the same records, so a setting changed here is honoured everywhere.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CognitoError } from '../errors.js';
import { newClientId, newClientSecret } from '../ids.js';
import { inSchema } from './attributes.js';
import type { ClientRecord, OAuthFlow, TimeUnit, TokenValidity } from './storage.js';

/** The values ExplicitAuthFlows takes; the first three are the legacy ones. */
export const LEGACY_AUTH_FLOWS = ['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH'] as const;
export const AUTH_FLOWS = [
  ...LEGACY_AUTH_FLOWS,
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
] as const;
export const TIME_UNITS: readonly TimeUnit[] = ['seconds', 'minutes', 'hours', 'days'];

/** A client created without ExplicitAuthFlows supports these, as Cognito's do. */
const DEFAULT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];
/** Cognito's default lifetimes: access and ID tokens one hour, refresh tokens 30 days. */
export const DEFAULT_TOKEN_VALIDITY: TokenValidity = {
  accessToken: 60,
  idToken: 60,
  refreshToken: 30,
  units: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
};
const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
/** The ranges Cognito accepts, in seconds. */
const TOKEN_RANGES = {
  accessToken: { name: 'AccessTokenValidity', min: 300, max: 86_400, text: '5 minutes and 1 day' },
  idToken: { name: 'IdTokenValidity', min: 300, max: 86_400, text: '5 minutes and 1 day' },
  refreshToken: { name: 'RefreshTokenValidity', min: 3600, max: 315_360_000, text: '60 minutes and 10 years' },
} as const;

/** The settings of an app client, as CreateUserPoolClient and UpdateUserPoolClient take them. */
export interface ClientSettings {
  readonly clientName: string;
  /** Each number alone is in the API's default unit (hours, hours, days). */
  readonly tokenValidity?: {
    readonly accessToken?: number;
    readonly idToken?: number;
    readonly refreshToken?: number;
    readonly units?: Partial<Record<'accessToken' | 'idToken' | 'refreshToken', TimeUnit>>;
  };
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

/** What the pool tells the clients module about itself. */
export interface ClientsContext {
  readonly userPoolId: string;
  /** Every scope a client of the pool could be allowed. */
  readonly knownScopes: () => readonly string[];
  /** Every resource-server scope (`identifier/name`). */
  readonly resourceServerScopes: () => readonly string[];
  readonly now: () => number;
  readonly save: () => void;
}

/** Lifetimes in seconds. */
export interface TokenLifetimes {
  readonly accessToken: number;
  readonly idToken: number;
  readonly refreshToken: number;
}

/** A client's token lifetimes in seconds. */
export function tokenLifetimes(client: ClientRecord): TokenLifetimes {
  const { tokenValidity: v } = client;
  return {
    accessToken: v.accessToken * SECONDS[v.units.accessToken],
    idToken: v.idToken * SECONDS[v.units.idToken],
    refreshToken: v.refreshToken * SECONDS[v.units.refreshToken],
  };
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

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** Fills fields a version-1 data folder lacks with what those clients did then. */
export function withClientDefaults(stored: ClientRecord): ClientRecord {
  const partial = stored as Partial<ClientRecord> & ClientRecord;
  return {
    ...stored,
    allowedOAuthFlowsUserPoolClient: partial.allowedOAuthFlowsUserPoolClient ?? true,
    supportedIdentityProviders:
      partial.supportedIdentityProviders ??
      (stored.allowedOAuthFlows.includes('client_credentials') ? [] : ['COGNITO']),
    tokenValidity: partial.tokenValidity ?? DEFAULT_TOKEN_VALIDITY,
    preventUserExistenceErrors: partial.preventUserExistenceErrors ?? 'ENABLED',
    enableTokenRevocation: partial.enableTokenRevocation ?? true,
    enablePropagateAdditionalUserContextData: partial.enablePropagateAdditionalUserContextData ?? false,
    authSessionValidity: partial.authSessionValidity ?? 3,
  };
}

function invalid(message: string): CognitoError {
  return new CognitoError('InvalidParameterException', message);
}

/** The pool's app clients. */
export class AppClients {
  readonly #records: ClientRecord[];
  readonly #context: ClientsContext;

  constructor(records: ClientRecord[], context: ClientsContext) {
    this.#records = records;
    this.#context = context;
  }

  /** Every client, oldest first. */
  list(): readonly ClientRecord[] {
    return this.#records;
  }

  find(clientId: string | undefined): ClientRecord | undefined {
    return clientId ? this.#records.find((client) => client.clientId === clientId) : undefined;
  }

  /** The client, or ResourceNotFoundException as Cognito answers for an unknown one. */
  require(clientId: string | undefined): ClientRecord {
    const client = this.find(clientId);
    if (!client)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId ?? ''} does not exist.`);
    return client;
  }

  /**
   * CreateUserPoolClient: a new client with these settings (Cognito's defaults for the rest)
   * and, when asked, a secret.
   *
   * @example
   * const client = clients.create({ clientName: 'cli', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }, false);
   */
  create(settings: ClientSettings, generateSecret: boolean): ClientRecord {
    const now = this.#context.now();
    const clientSecret = generateSecret ? newClientSecret() : undefined;
    const client: ClientRecord = {
      clientId: newClientId(),
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      ...this.#resolve(settings, clientSecret !== undefined),
      createdAt: now,
      lastModifiedAt: now,
    };
    this.#records.push(client);
    this.#context.save();
    return client;
  }

  /**
   * UpdateUserPoolClient: the settings replace the client's, and a setting left out goes back
   * to its default, as Cognito does. The id, the secret and the creation date stay.
   */
  update(clientId: string, settings: ClientSettings): ClientRecord {
    const client = this.require(clientId);
    const resolved = this.#resolve(settings, client.clientSecret !== undefined);
    const kept = { clientId: client.clientId, clientSecret: client.clientSecret, createdAt: client.createdAt };
    for (const key of Object.keys(client) as (keyof ClientRecord)[]) delete client[key];
    Object.assign(client, {
      clientId: kept.clientId,
      ...(kept.clientSecret !== undefined ? { clientSecret: kept.clientSecret } : {}),
      ...resolved,
      createdAt: kept.createdAt,
      lastModifiedAt: this.#context.now(),
    });
    this.#context.save();
    return client;
  }

  /** Replaces a client's callback and sign-out URLs (each list only when given). */
  setUrls(
    clientId: string,
    urls: { readonly callbackUrls?: readonly string[]; readonly logoutUrls?: readonly string[] },
  ) {
    const client = this.require(clientId);
    for (const url of [...(urls.callbackUrls ?? []), ...(urls.logoutUrls ?? [])]) {
      const problem = redirectUriProblem(url);
      if (problem) throw invalid(`The URL ${url} cannot be registered: ${problem}`);
    }
    const same = (a: readonly string[], b: readonly string[]) => a.join('\n') === b.join('\n');
    let changed = false;
    if (urls.callbackUrls && !same(urls.callbackUrls, client.callbackUrls)) {
      client.callbackUrls = [...urls.callbackUrls];
      changed = true;
    }
    if (urls.logoutUrls && !same(urls.logoutUrls, client.logoutUrls)) {
      client.logoutUrls = [...urls.logoutUrls];
      changed = true;
    }
    if (changed) {
      client.lastModifiedAt = this.#context.now();
      this.#context.save();
    }
  }

  /** Checks a client secret in constant time. */
  secretMatches(client: ClientRecord, secret: string | undefined): boolean {
    return client.clientSecret !== undefined && secret !== undefined && sameSecret(client.clientSecret, secret);
  }

  /** Checks Cognito's `SECRET_HASH`: Base64(HMAC-SHA256(client secret, username + client id)) for any of `usernames`. */
  secretHashMatches(client: ClientRecord, usernames: readonly string[], secretHash: string | undefined): boolean {
    const secret = client.clientSecret;
    if (!secret || !secretHash) return false;
    return usernames.some((username) =>
      sameSecret(
        createHmac('sha256', secret)
          .update(username + client.clientId)
          .digest('base64'),
        secretHash,
      ),
    );
  }

  /** The settings with Cognito's defaults, or the error Cognito answers for them. */
  #resolve(
    settings: ClientSettings,
    hasSecret: boolean,
  ): Omit<ClientRecord, 'clientId' | 'clientSecret' | 'createdAt' | 'lastModifiedAt'> {
    const flows = settings.explicitAuthFlows ?? DEFAULT_AUTH_FLOWS;
    const unknownFlow = flows.find((flow) => !(AUTH_FLOWS as readonly string[]).includes(flow));
    if (unknownFlow !== undefined) throw invalid(`${unknownFlow} is not a valid ExplicitAuthFlows value.`);
    const legacy = flows.filter((flow) => (LEGACY_AUTH_FLOWS as readonly string[]).includes(flow));
    if (legacy.length > 0 && legacy.length < flows.length) {
      throw invalid(
        'ExplicitAuthFlows cannot mix legacy values (such as USER_PASSWORD_AUTH) with values that begin with ALLOW_.',
      );
    }

    const providers = settings.supportedIdentityProviders ?? [];
    const unknownProvider = providers.find((provider) => provider !== 'COGNITO');
    if (unknownProvider !== undefined) {
      throw invalid(`The provider ${unknownProvider} does not exist for User Pool ${this.#context.userPoolId}`);
    }

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
    const unknownScope = scopes.find((scope) => !this.#context.knownScopes().includes(scope));
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
      const resourceScopes = this.#context.resourceServerScopes();
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

    for (const name of [...(settings.readAttributes ?? []), ...(settings.writeAttributes ?? [])]) {
      if (!inSchema(name)) throw invalid(`Invalid read or write attribute: ${name} does not exist in the schema.`);
    }
    if (settings.enablePropagateAdditionalUserContextData && !hasSecret) {
      throw invalid('EnablePropagateAdditionalUserContextData can be turned on only for a client with a secret.');
    }
    const authSessionValidity = settings.authSessionValidity ?? 3;
    if (!Number.isInteger(authSessionValidity) || authSessionValidity < 3 || authSessionValidity > 15) {
      throw invalid('AuthSessionValidity must be a whole number of minutes from 3 to 15.');
    }

    return {
      clientName: settings.clientName,
      callbackUrls,
      logoutUrls,
      ...(settings.defaultRedirectUri !== undefined ? { defaultRedirectUri: settings.defaultRedirectUri } : {}),
      allowedOAuthFlows: oauthFlows,
      allowedOAuthScopes: scopes,
      allowedOAuthFlowsUserPoolClient: oauth,
      explicitAuthFlows: [...new Set(flows)],
      supportedIdentityProviders: [...new Set(providers)],
      ...(settings.readAttributes !== undefined ? { readAttributes: [...settings.readAttributes] } : {}),
      ...(settings.writeAttributes !== undefined ? { writeAttributes: [...settings.writeAttributes] } : {}),
      tokenValidity: resolveTokenValidity(settings.tokenValidity),
      preventUserExistenceErrors: settings.preventUserExistenceErrors ?? 'LEGACY',
      enableTokenRevocation: settings.enableTokenRevocation ?? true,
      enablePropagateAdditionalUserContextData: settings.enablePropagateAdditionalUserContextData ?? false,
      authSessionValidity,
    };
  }
}

/**
 * The lifetimes a client asked for, with Cognito's defaults: with no number, one hour (shown
 * as 60 minutes) and 30 days; a number without a unit is in hours (access and ID) or days
 * (refresh); a refresh validity of 0 means the default.
 */
function resolveTokenValidity(asked: ClientSettings['tokenValidity']): TokenValidity {
  const kinds = ['accessToken', 'idToken', 'refreshToken'] as const;
  const defaultUnit: Record<(typeof kinds)[number], TimeUnit> = {
    accessToken: 'hours',
    idToken: 'hours',
    refreshToken: 'days',
  };
  const result: TokenValidity = { ...DEFAULT_TOKEN_VALIDITY, units: { ...DEFAULT_TOKEN_VALIDITY.units } };
  for (const kind of kinds) {
    const value = asked?.[kind];
    const unit = asked?.units?.[kind];
    if (value === undefined || (kind === 'refreshToken' && value === 0)) {
      if (unit !== undefined) {
        // A unit alone restates the default in that unit when it divides evenly, as the console shows it.
        const seconds = DEFAULT_TOKEN_VALIDITY[kind] * SECONDS[DEFAULT_TOKEN_VALIDITY.units[kind]];
        if (seconds % SECONDS[unit] === 0) {
          result[kind] = seconds / SECONDS[unit];
          result.units[kind] = unit;
        }
      }
      continue;
    }
    const chosenUnit = unit ?? defaultUnit[kind];
    const seconds = value * SECONDS[chosenUnit];
    const range = TOKEN_RANGES[kind];
    if (!Number.isInteger(value) || seconds < range.min || seconds > range.max) {
      throw invalid(`${range.name} must be between ${range.text}; ${value} ${chosenUnit} is not.`);
    }
    result[kind] = value;
    result.units[kind] = chosenUnit;
  }
  return result;
}
