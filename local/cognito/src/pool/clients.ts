/**
 * The pool's app clients: their records, created and updated with the settings
 * CreateUserPoolClient and UpdateUserPoolClient accept (`client-settings.ts` holds those rules,
 * `token-validity.ts` the lifetimes), and the checks of a client secret and of `SECRET_HASH`
 * (`client-secrets.ts`). The managed login pages, the OAuth 2.0 endpoints and the JSON API all
 * read the same records, so a setting changed here is honoured everywhere.
 */
import { CognitoError } from '../errors.js';
import { newClientId, newClientSecret } from '../ids.js';
import { secretHashMatches, secretMatches } from './client-secrets.js';
import {
  type ClientSettings,
  type ClientSettingsContext,
  redirectUriProblem,
  resolveClientSettings,
} from './client-settings.js';
import type { ClientRecord, TokenValidity } from './storage.js';
import { DEFAULT_TOKEN_VALIDITY } from './token-validity.js';

/** What the pool tells the clients module about itself. */
export interface ClientsContext extends ClientSettingsContext {
  readonly now: () => number;
  readonly save: () => void;
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
      ...resolveClientSettings(settings, clientSecret !== undefined, this.#context),
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
    const resolved = resolveClientSettings(settings, client.clientSecret !== undefined, this.#context);
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
      if (problem)
        throw new CognitoError('InvalidParameterException', `The URL ${url} cannot be registered: ${problem}`);
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

  /**
   * Sets a client's token lifetimes without Cognito's range check (five minutes at least), so
   * that a test can watch tokens expire: never reached from Cognito's API.
   */
  setTokenValidityForTests(clientId: string, validity: TokenValidity): void {
    const client = this.require(clientId);
    client.tokenValidity = validity;
    client.lastModifiedAt = this.#context.now();
    this.#context.save();
  }

  /** Checks a client secret in constant time. */
  secretMatches(client: ClientRecord, secret: string | undefined): boolean {
    return secretMatches(client, secret);
  }

  /** Checks Cognito's `SECRET_HASH`: Base64(HMAC-SHA256(client secret, username + client id)) for any of `usernames`. */
  secretHashMatches(client: ClientRecord, usernames: readonly string[], secretHash: string | undefined): boolean {
    return secretHashMatches(client, usernames, secretHash);
  }
}
