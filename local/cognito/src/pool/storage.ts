/**
 * What the local user pool remembers, and where. With a data folder, each part is a JSON file
 * written atomically (a temporary file renamed over the old one), so a crash never leaves half
 * a file; without one, everything lives in memory for the life of the process. Writes are
 * synchronous on purpose: the files are small, and a write finishes before the request that
 * caused it answers, in the order the requests came.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { PasswordPolicy } from './passwords.js';

/**
 * Bumped when a file's shape changes in a way older code cannot read; an older folder is
 * refused with a clear message. Fields added since version 1 are optional in the files and
 * given their defaults on load (see clients.ts), so version-1 folders still open.
 */
export const STATE_VERSION = 1;

export type OAuthFlow = 'code' | 'implicit' | 'client_credentials';
export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface UserPoolRecord {
  id: string;
  name: string;
  region: string;
  createdAt: number;
  lastModifiedAt: number;
  passwordPolicy: PasswordPolicy;
}

/** How long each kind of token of an app client lives, as the API states it (a number and a unit). */
export interface TokenValidity {
  accessToken: number;
  idToken: number;
  refreshToken: number;
  units: { accessToken: TimeUnit; idToken: TimeUnit; refreshToken: TimeUnit };
}

export interface ClientRecord {
  clientId: string;
  clientName: string;
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  defaultRedirectUri?: string;
  allowedOAuthFlows: OAuthFlow[];
  allowedOAuthScopes: string[];
  /** Whether the OAuth 2.0 endpoints (managed login, /oauth2/token) serve this client at all. */
  allowedOAuthFlowsUserPoolClient: boolean;
  explicitAuthFlows: string[];
  supportedIdentityProviders: string[];
  /** Only when set by the administrator; absent means the pool's defaults. */
  readAttributes?: string[];
  writeAttributes?: string[];
  tokenValidity: TokenValidity;
  /** `ENABLED`: unknown users get the answers a known user would; `LEGACY`: UserNotFoundException. */
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  enableTokenRevocation: boolean;
  enablePropagateAdditionalUserContextData: boolean;
  /** Minutes a sign-in challenge session lives. */
  authSessionValidity: number;
  createdAt: number;
  lastModifiedAt: number;
}

export interface ResourceServerRecord {
  identifier: string;
  name: string;
  scopes: { name: string; description: string }[];
}

export interface GroupRecord {
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
  createdAt: number;
  lastModifiedAt: number;
}

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

/** A one-time code sent to the user, kept as a hash, with the wrong tries made against it. */
export interface StoredCode {
  codeHash: string;
  expiresAt: number;
  failedAttempts?: number;
}

export interface UserRecord {
  /** The user's name in the pool; with email as the sign-in identifier it is the `sub`. */
  username: string;
  /** Attribute values, all strings as Cognito keeps them (`email_verified` is `"true"`). */
  attributes: Record<string, string>;
  passwordHash?: string;
  status: UserStatus;
  enabled: boolean;
  groups: string[];
  createdAt: number;
  lastModifiedAt: number;
  /** When a temporary password stops working (admin-created users). */
  temporaryPasswordExpiresAt?: number;
  /** The sign-up confirmation code (from the fifth wrong try, a new one must be sent). */
  confirmation?: StoredCode;
  /** The password reset code of ForgotPassword or AdminResetUserPassword. */
  passwordReset?: StoredCode;
  /** The code that verifies a changed email address (UpdateUserAttributes). */
  emailVerification?: StoredCode;
}

export interface PoolFile {
  version: number;
  userPool: UserPoolRecord;
  clients: ClientRecord[];
  resourceServers: ResourceServerRecord[];
  groups: GroupRecord[];
  /** The managed login domain prefix, as DescribeUserPoolDomain names it. */
  domain?: string;
  /** Signs the managed login cookies. */
  cookieSecret: string;
}

export interface KeysFile {
  version: number;
  /** Private JWKs; the ID token and the access token each have their own. */
  id: JWK;
  access: JWK;
}

export interface UsersFile {
  version: number;
  users: UserRecord[];
}

export interface RefreshTokenRecord {
  clientId: string;
  username: string;
  scopes: string[];
  authTime: number;
  originJti: string;
  eventId: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** Epoch seconds of a revocation; the record stays until it expires, so a revoked token is told from an unknown one. */
  revokedAt?: number;
}

export interface TokensFile {
  version: number;
  /** By SHA-256 of the token: the folder never holds a usable refresh token. */
  refreshTokens: Record<string, RefreshTokenRecord>;
  /** Revoked `origin_jti`s and when the access tokens they cover have all expired (epoch seconds). */
  revokedOrigins: Record<string, number>;
}

export interface StateFiles {
  pool: PoolFile;
  keys: KeysFile;
  users: UsersFile;
  tokens: TokensFile;
}

export type StateName = keyof StateFiles;

/** Loads and saves the parts of the state. */
export interface StateStorage {
  /** Where the state lives, for messages. */
  readonly description: string;
  load<K extends StateName>(name: K): StateFiles[K] | undefined;
  save<K extends StateName>(name: K, value: StateFiles[K]): void;
}

/** Keeps nothing: the pool is new on every start. */
export class MemoryStateStorage implements StateStorage {
  readonly description = 'memory';
  load(): undefined {
    return undefined;
  }
  save(): void {}
}

/** One JSON file per part in `dir`, created on first save (mode 0600: it holds keys and secrets). */
export class FileStateStorage implements StateStorage {
  readonly description: string;
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    this.description = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  load<K extends StateName>(name: K): StateFiles[K] | undefined {
    const file = this.#file(name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new Error(`${file} is not valid JSON. Fix or delete it (a new pool is made when the folder is empty).`, {
        cause,
      });
    }
    const version = (value as { version?: unknown } | null)?.version;
    if (version !== STATE_VERSION) {
      throw new Error(
        `${file} has state version ${String(version)}, this local Cognito reads version ${STATE_VERSION}. ` +
          'Delete the data folder to start a new pool.',
      );
    }
    return value as StateFiles[K];
  }

  save<K extends StateName>(name: K, value: StateFiles[K]): void {
    const file = this.#file(name);
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  #file(name: StateName): string {
    return join(this.#dir, `${name}.json`);
  }
}
