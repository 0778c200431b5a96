/**
 * The user pool: its own settings (id, region, password policy, domain, resource servers) and
 * its parts, each a concern of its own: app clients, users, groups, sign-up, sign-in (with the
 * lockout) and password recovery, over one storage. Both the Identity Provider JSON API and
 * managed login call into these parts, so a user created one way signs in the other.
 * Failures are `CognitoError`s with the service's `__type` and wording.
 */
import { newClientId, newClientSecret, newOpaqueToken, newUserPoolId } from '../ids.js';
import type { Logger } from '../logger.js';
import { AppClients, withClientDefaults } from './clients.js';
import { Groups } from './groups.js';
import { Outbox } from './outbox.js';
import { PasswordResets } from './password-reset.js';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './passwords.js';
import { SignIns } from './sign-in.js';
import type { SignInLockoutSettings } from './sign-in-lockout.js';
import { SignUps } from './sign-up.js';
import {
  type ClientRecord,
  type PoolFile,
  type ResourceServerRecord,
  STATE_VERSION,
  type StateStorage,
} from './storage.js';
import { DEFAULT_TOKEN_VALIDITY } from './token-validity.js';
import { Users } from './users.js';

/** The OIDC and Cognito scopes every pool knows. */
export const STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;
/** The scope of the tokens that the user's own API operations (GetUser, ChangePassword, …) accept. */
export const SELF_SERVICE_SCOPE = 'aws.cognito.signin.user.admin';

export interface UserPoolSettings {
  readonly region: string;
  /** The app client's callback and sign-out URLs, replacing the stored ones. */
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
  readonly storage: StateStorage;
  readonly logger: Logger;
  /** Milliseconds since the epoch; tests move it. */
  readonly now: () => number;
  /** The lockout after failed password sign-ins; Cognito's timings by default. */
  readonly signInLockout?: SignInLockoutSettings;
}

/** What the pool says about itself (DescribeUserPool, discovery, the domain). */
export interface PoolDescription {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly createdAt: number;
  readonly lastModifiedAt: number;
  readonly passwordPolicy: PasswordPolicy;
  /** The managed login domain prefix. */
  readonly domain: string;
  readonly resourceServers: readonly ResourceServerRecord[];
  /** Every scope a client of this pool could be allowed. */
  readonly knownScopes: readonly string[];
  readonly userCount: number;
}

/** The local user pool. Create it with `UserPool.open`. */
export class UserPool implements PoolDescription {
  readonly #pool: PoolFile;
  readonly clients: AppClients;
  readonly users: Users;
  readonly groups: Groups;
  readonly signUps: SignUps;
  readonly signIns: SignIns;
  readonly passwordResets: PasswordResets;

  private constructor(settings: UserPoolSettings, pool: PoolFile) {
    this.#pool = pool;
    const { storage, logger, now } = settings;
    const savePool = () => storage.save('pool', pool);
    const outbox = new Outbox(logger);
    pool.clients = pool.clients.map(withClientDefaults);
    this.clients = new AppClients(pool.clients, {
      userPoolId: pool.userPool.id,
      knownScopes: () => this.knownScopes,
      resourceServerScopes: () => this.#resourceServerScopes(),
      now,
      save: savePool,
    });
    this.users = new Users({ storage, outbox, logger, now, passwordPolicy: () => this.passwordPolicy });
    this.groups = new Groups(pool.groups, { users: this.users, now, save: savePool });
    this.signUps = new SignUps({ users: this.users, outbox, logger, now });
    this.signIns = new SignIns({
      users: this.users,
      logger,
      now,
      ...(settings.signInLockout !== undefined ? { lockout: settings.signInLockout } : {}),
    });
    this.passwordResets = new PasswordResets({ users: this.users, outbox, logger, now });
  }

  /**
   * Loads the pool from storage, or creates it (two app clients, the `notes` resource server,
   * the `admin` group) on first start.
   *
   * @example
   * const pool = UserPool.open({ region: 'us-east-1', storage: new MemoryStateStorage(), logger, now: Date.now });
   */
  static open(settings: UserPoolSettings): UserPool {
    const { storage, logger } = settings;
    let file = storage.load('pool');
    const created = !file;
    if (!file) {
      file = newPoolFile(settings);
      storage.save('pool', file);
    } else if (file.userPool.region !== settings.region) {
      throw new Error(
        `The data folder ${storage.description} holds user pool ${file.userPool.id} of region ${file.userPool.region}, ` +
          `but region ${settings.region} was asked for. Use region ${file.userPool.region} (COGNITO_REGION) or another data folder.`,
      );
    }
    const pool = new UserPool(settings, file);
    pool.clients.setUrls(pool.appClient.clientId, {
      ...(settings.callbackUrls ? { callbackUrls: settings.callbackUrls } : {}),
      ...(settings.logoutUrls ? { logoutUrls: settings.logoutUrls } : {}),
    });
    logger.info(
      { userPoolId: file.userPool.id, storage: storage.description },
      created ? 'created a new user pool' : 'loaded the user pool',
    );
    return pool;
  }

  get id(): string {
    return this.#pool.userPool.id;
  }
  get region(): string {
    return this.#pool.userPool.region;
  }
  get name(): string {
    return this.#pool.userPool.name;
  }
  get createdAt(): number {
    return this.#pool.userPool.createdAt;
  }
  get lastModifiedAt(): number {
    return this.#pool.userPool.lastModifiedAt;
  }
  get passwordPolicy(): PasswordPolicy {
    return this.#pool.userPool.passwordPolicy;
  }
  get cookieSecret(): string {
    return this.#pool.cookieSecret;
  }
  get domain(): string {
    return this.#pool.domain ?? defaultDomain(this.id);
  }
  get resourceServers(): readonly ResourceServerRecord[] {
    return this.#pool.resourceServers;
  }
  get userCount(): number {
    return this.users.count;
  }
  /** The "Traditional web application" client: code grant, with a secret. */
  get appClient(): ClientRecord {
    return this.#pool.clients[0] as ClientRecord;
  }
  /** The machine-to-machine client: `client_credentials` only. */
  get m2mClient(): ClientRecord {
    return this.#pool.clients[1] as ClientRecord;
  }

  get knownScopes(): string[] {
    return [...STANDARD_SCOPES, ...this.#resourceServerScopes()];
  }

  #resourceServerScopes(): string[] {
    return this.#pool.resourceServers.flatMap((server) =>
      server.scopes.map((scope) => `${server.identifier}/${scope.name}`),
    );
  }
}

/** The domain prefix of a pool created before domains were recorded: stable, from its id. */
function defaultDomain(poolId: string): string {
  return `secure-notes-${(poolId.split('_')[1] ?? poolId).toLowerCase()}`;
}

function newPoolFile(settings: UserPoolSettings): PoolFile {
  const now = settings.now();
  const id = newUserPoolId(settings.region);
  const defaults = {
    tokenValidity: DEFAULT_TOKEN_VALIDITY,
    preventUserExistenceErrors: 'ENABLED' as const,
    enableTokenRevocation: true,
    enablePropagateAdditionalUserContextData: false,
    authSessionValidity: 3,
    createdAt: now,
    lastModifiedAt: now,
  };
  return {
    version: STATE_VERSION,
    userPool: {
      id,
      name: 'Secure Notes local user pool',
      region: settings.region,
      createdAt: now,
      lastModifiedAt: now,
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
    },
    clients: [
      {
        clientId: newClientId(),
        clientName: 'My Notes App',
        clientSecret: newClientSecret(),
        callbackUrls: [...(settings.callbackUrls ?? ['http://localhost:3000/callback'])],
        logoutUrls: [...(settings.logoutUrls ?? ['http://localhost:3000/'])],
        allowedOAuthFlows: ['code'],
        allowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
        allowedOAuthFlowsUserPoolClient: true,
        explicitAuthFlows: [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_ADMIN_USER_PASSWORD_AUTH',
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
        supportedIdentityProviders: ['COGNITO'],
        ...defaults,
      },
      {
        clientId: newClientId(),
        clientName: 'Secure Notes machine client',
        clientSecret: newClientSecret(),
        callbackUrls: [],
        logoutUrls: [],
        allowedOAuthFlows: ['client_credentials'],
        allowedOAuthScopes: ['notes/read', 'notes/write'],
        allowedOAuthFlowsUserPoolClient: true,
        explicitAuthFlows: [],
        supportedIdentityProviders: [],
        ...defaults,
      },
    ],
    resourceServers: [
      {
        identifier: 'notes',
        name: 'Secure Notes API',
        scopes: [
          { name: 'read', description: 'Read notes' },
          { name: 'write', description: 'Create, change and delete notes' },
        ],
      },
    ],
    groups: [{ name: 'admin', description: 'Administrators', precedence: 0, createdAt: now, lastModifiedAt: now }],
    domain: defaultDomain(id),
    cookieSecret: newOpaqueToken(32),
  };
}
