/**
 * Issues and checks the pool's tokens, with Cognito's claims: RS256 JWTs signed by jose with one
 * key for ID tokens and another for access tokens, living as long as the app client says;
 * opaque refresh tokens kept (as hashes) in the state with the sign-in they came from. Every
 * token of one sign-in shares an `origin_jti`, so revoking a refresh token (or a global
 * sign-out) also revokes the access tokens issued from it. A revoked refresh token is kept,
 * marked, until it would have expired, so that using it again is told apart from using a token
 * the pool never issued. ID and access tokens stay valid JWTs until they expire, as on AWS:
 * only this pool's own endpoints (GetUser, userInfo, …) know they were revoked.
 *
 * One unit because issuing, refreshing and revoking share one invariant: the `origin_jti` chain
 * and the stored refresh-token records, which no part can change without the others.
 */
import { createHash } from 'node:crypto';
import { type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { newOpaqueToken, newUuid } from '../ids.js';
import {
  type ClientRecord,
  type RefreshTokenRecord,
  STATE_VERSION,
  type StateStorage,
  type TokensFile,
  type UserRecord,
} from '../pool/storage.js';
import { tokenLifetimes } from '../pool/token-validity.js';
import { loadSigningKeys, newKeysFile, type SigningKeys } from './signing-keys.js';

export interface TokenSet {
  readonly idToken?: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn: number;
}

/** The claims of a verified access token that callers use. */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  token_use: 'access';
  scope: string;
  client_id: string;
  username?: string;
  origin_jti?: string;
}

/** An access token that cannot be used, with a reason for the `error_description`. */
export class TokenRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TokenRejectedError';
  }
}

interface SignIn {
  readonly user: UserRecord;
  readonly client: ClientRecord;
  readonly scopes: readonly string[];
  /** Seconds since the epoch of the sign-in; kept on refresh. */
  readonly authTime: number;
  readonly originJti: string;
  readonly eventId: string;
  readonly nonce?: string;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether a string has the shape of a compact JWS/JWE (and so is not one of our refresh tokens). */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]*\.[\w-]*(\.[\w-]*\.[\w-]*)?$/.test(token);
}

/** Why a refresh token cannot be used, as the OAuth and JSON API errors tell it. */
export type RefreshRefusal = 'invalid' | 'revoked' | 'expired' | 'user-disabled' | 'user-missing';

/** Cognito's NotAuthorizedException message for each refusal. */
export const REFRESH_REFUSAL_MESSAGES: Readonly<Record<RefreshRefusal, string>> = {
  invalid: 'Invalid Refresh Token',
  revoked: 'Refresh Token has been revoked',
  expired: 'Refresh Token has expired',
  'user-disabled': 'User is disabled.',
  'user-missing': 'User does not exist.',
};

export type RefreshOutcome =
  | { readonly kind: 'refreshed'; readonly tokens: TokenSet }
  | { readonly kind: 'refused'; readonly reason: RefreshRefusal };

/** What the token service asks the pool. */
export interface TokenServiceSettings {
  readonly storage: StateStorage;
  readonly issuer: string;
  readonly now: () => number;
  readonly findUser: (username: string) => UserRecord | undefined;
  /** The user's groups, as `cognito:groups` lists them. */
  readonly groupsOf: (user: UserRecord) => string[];
}

/** The pool's token issuer and checker. Create it with `TokenService.open`. */
export class TokenService {
  readonly #keys: SigningKeys;
  readonly #tokens: TokensFile;
  readonly #settings: TokenServiceSettings;
  readonly #issuer: string;
  readonly #now: () => number;

  private constructor(keys: SigningKeys, tokens: TokensFile, settings: TokenServiceSettings) {
    this.#keys = keys;
    this.#tokens = tokens;
    this.#settings = settings;
    this.#issuer = settings.issuer;
    this.#now = settings.now;
  }

  /**
   * Loads the keys and the refresh tokens, making the keys on first start.
   *
   * @example
   * const tokens = await TokenService.open({ storage, issuer, now: Date.now, findUser, groupsOf });
   */
  static async open(settings: TokenServiceSettings): Promise<TokenService> {
    let keysFile = settings.storage.load('keys');
    if (!keysFile) {
      keysFile = await newKeysFile();
      settings.storage.save('keys', keysFile);
    }
    const keys = await loadSigningKeys(keysFile);
    const tokens = settings.storage.load('tokens') ?? { version: STATE_VERSION, refreshTokens: {}, revokedOrigins: {} };
    return new TokenService(keys, tokens, settings);
  }

  get issuer(): string {
    return this.#issuer;
  }

  /** The public keys, as `{issuer}/.well-known/jwks.json` serves them. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.#keys.id.publicJwk, this.#keys.access.publicJwk] };
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  #save(): void {
    const now = this.#seconds();
    // An expired record is kept a week, so that using it is "expired" rather than "invalid".
    for (const [hash, record] of Object.entries(this.#tokens.refreshTokens)) {
      if (record.expiresAt + 7 * 86_400 <= now) delete this.#tokens.refreshTokens[hash];
    }
    for (const [origin, until] of Object.entries(this.#tokens.revokedOrigins)) {
      if (until <= now) delete this.#tokens.revokedOrigins[origin];
    }
    this.#settings.storage.save('tokens', this.#tokens);
  }

  /**
   * Tokens for a user who has just signed in: an access token, an ID token when `openid` is
   * among the scopes or `withIdToken` is set (the API flows), and a refresh token when asked.
   */
  async issueForUser(input: {
    user: UserRecord;
    client: ClientRecord;
    scopes: readonly string[];
    /** When the user signed in (seconds); now when not given. */
    authTime?: number;
    nonce?: string;
    withIdToken?: boolean;
    withRefreshToken: boolean;
  }): Promise<TokenSet> {
    const signIn: SignIn = {
      user: input.user,
      client: input.client,
      scopes: input.scopes,
      authTime: input.authTime ?? this.#seconds(),
      originJti: newUuid(),
      eventId: newUuid(),
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    };
    const withIdToken = input.withIdToken ?? input.scopes.includes('openid');
    const tokens = await this.#sign(signIn, withIdToken);
    if (!input.withRefreshToken) return tokens;
    const refreshToken = newOpaqueToken(64);
    this.#tokens.refreshTokens[tokenHash(refreshToken)] = {
      clientId: input.client.clientId,
      username: input.user.username,
      scopes: [...input.scopes],
      authTime: signIn.authTime,
      originJti: signIn.originJti,
      eventId: signIn.eventId,
      expiresAt: this.#seconds() + tokenLifetimes(input.client).refreshToken,
    };
    this.#save();
    return { ...tokens, refreshToken };
  }

  async #sign(signIn: SignIn, withIdToken: boolean): Promise<TokenSet> {
    const { user, client } = signIn;
    const iat = this.#seconds();
    const lifetimes = tokenLifetimes(client);
    const groups = this.#settings.groupsOf(user);
    const groupClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};
    const accessClaims = {
      sub: user.attributes.sub ?? user.username,
      ...groupClaim,
      iss: this.#issuer,
      version: 2,
      client_id: client.clientId,
      origin_jti: signIn.originJti,
      event_id: signIn.eventId,
      token_use: 'access',
      scope: signIn.scopes.join(' '),
      auth_time: signIn.authTime,
      exp: iat + lifetimes.accessToken,
      iat,
      jti: newUuid(),
      username: user.username,
    };
    const accessToken = await new SignJWT(accessClaims)
      .setProtectedHeader({ kid: this.#keys.access.kid, alg: 'RS256' })
      .sign(this.#keys.access.privateKey);
    if (!withIdToken) return { accessToken, expiresIn: lifetimes.accessToken };

    const { sub, email_verified, phone_number_verified, ...attributes } = user.attributes;
    const idClaims = {
      sub: sub ?? user.username,
      ...groupClaim,
      // A JSON boolean, present whenever there is an email (an unset flag means not verified).
      ...(email_verified !== undefined || attributes.email !== undefined
        ? { email_verified: email_verified === 'true' }
        : {}),
      ...(phone_number_verified !== undefined ? { phone_number_verified: phone_number_verified === 'true' } : {}),
      iss: this.#issuer,
      'cognito:username': user.username,
      ...(signIn.nonce !== undefined ? { nonce: signIn.nonce } : {}),
      origin_jti: signIn.originJti,
      aud: client.clientId,
      event_id: signIn.eventId,
      token_use: 'id',
      auth_time: signIn.authTime,
      ...attributes,
      exp: iat + lifetimes.idToken,
      iat,
      jti: newUuid(),
    };
    const idToken = await new SignJWT(idClaims)
      .setProtectedHeader({ kid: this.#keys.id.kid, alg: 'RS256' })
      .sign(this.#keys.id.privateKey);
    return { idToken, accessToken, expiresIn: lifetimes.accessToken };
  }

  /** The record of a refresh token this pool issued (live, revoked or expired), or undefined. */
  findRefreshToken(refreshToken: string | undefined): RefreshTokenRecord | undefined {
    return refreshToken ? this.#tokens.refreshTokens[tokenHash(refreshToken)] : undefined;
  }

  /**
   * New ID and access tokens from a refresh token issued to `client`: same scopes,
   * `auth_time`, `origin_jti` and `event_id`; no new refresh token. Refused, with the reason,
   * for a token that is unknown, issued to another client, revoked or expired, or whose user
   * is disabled or gone.
   */
  async refresh(refreshToken: string | undefined, client: ClientRecord): Promise<RefreshOutcome> {
    const record = this.findRefreshToken(refreshToken);
    const refused = (reason: RefreshRefusal): RefreshOutcome => ({ kind: 'refused', reason });
    if (!record || record.clientId !== client.clientId) return refused('invalid');
    const user = this.#settings.findUser(record.username);
    if (user && !user.enabled) return refused('user-disabled');
    if (record.revokedAt !== undefined) return refused('revoked');
    if (record.expiresAt <= this.#seconds()) return refused('expired');
    if (!user) return refused('user-missing');
    const tokens = await this.#sign(
      {
        user,
        client,
        scopes: record.scopes,
        authTime: record.authTime,
        originJti: record.originJti,
        eventId: record.eventId,
      },
      record.scopes.includes('openid') || record.scopes.includes('aws.cognito.signin.user.admin'),
    );
    return { kind: 'refreshed', tokens };
  }

  /** `client_credentials`: an access token for the client itself, as Cognito's M2M tokens look. */
  async issueForClient(client: ClientRecord, scopes: readonly string[]): Promise<TokenSet> {
    const iat = this.#seconds();
    const accessToken = await new SignJWT({
      sub: client.clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: iat,
      iss: this.#issuer,
      exp: iat + tokenLifetimes(client).accessToken,
      iat,
      version: 2,
      jti: newUuid(),
      client_id: client.clientId,
    })
      .setProtectedHeader({ kid: this.#keys.access.kid, alg: 'RS256' })
      .sign(this.#keys.access.privateKey);
    return { accessToken, expiresIn: tokenLifetimes(client).accessToken };
  }

  #revokeOrigin(originJti: string): void {
    // Long enough to outlive any access token of the sign-in (a day is the longest a client may set).
    this.#tokens.revokedOrigins[originJti] = this.#seconds() + 86_400 + 60;
  }

  #revoke(record: RefreshTokenRecord): void {
    record.revokedAt ??= this.#seconds();
    this.#revokeOrigin(record.originJti);
  }

  /**
   * Revokes a refresh token and every access token issued from it. `unknown` for a token this
   * pool does not know (the endpoint still answers 200), `other-client` for one issued to
   * another client (left alone).
   */
  revokeRefreshToken(refreshToken: string, clientId: string): 'revoked' | 'unknown' | 'other-client' {
    const record = this.findRefreshToken(refreshToken);
    if (!record) return 'unknown';
    if (record.clientId !== clientId) return 'other-client';
    this.#revoke(record);
    this.#save();
    return 'revoked';
  }

  /** GlobalSignOut (and disabling or deleting a user): every refresh token of the user, and the access tokens they cover. */
  signOutEverywhere(username: string): void {
    for (const record of Object.values(this.#tokens.refreshTokens)) {
      if (record.username === username) this.#revoke(record);
    }
    this.#save();
  }

  /** Revokes the sign-in an access token belongs to (its refresh token, and every access token of it). */
  revokeSignIn(originJti: string): void {
    for (const record of Object.values(this.#tokens.refreshTokens)) {
      if (record.originJti === originJti) this.#revoke(record);
    }
    this.#revokeOrigin(originJti);
    this.#save();
  }

  /**
   * Verifies an access token of this pool: signature with the access key, issuer, expiry,
   * `token_use`, and that its sign-in was not revoked.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys.access.publicKey, {
        issuer: this.#issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: new Date(this.#now()),
      }));
    } catch (cause) {
      const expired = (cause as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new TokenRejectedError(expired ? 'Access Token has expired' : 'Invalid Access Token', { cause });
    }
    if (payload.token_use !== 'access' || typeof payload.client_id !== 'string' || typeof payload.scope !== 'string') {
      throw new TokenRejectedError('Invalid Access Token');
    }
    if (typeof payload.origin_jti === 'string' && this.#tokens.revokedOrigins[payload.origin_jti] !== undefined) {
      throw new TokenRejectedError('Access Token has been revoked');
    }
    return payload as AccessTokenClaims;
  }
}
