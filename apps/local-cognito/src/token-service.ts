/**
 * Issues and checks the pool's tokens, with Cognito's claims: RS256 JWTs signed by jose with one
 * key for ID tokens and another for access tokens; opaque refresh tokens kept (as hashes) in the
 * state with the sign-in they came from. Every token of one sign-in shares an `origin_jti`, so
 * revoking a refresh token (or a global sign-out) also revokes the access tokens issued from it.
 */
import { createHash } from 'node:crypto';
import { type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { newOpaqueToken, newUuid } from './ids.js';
import { loadSigningKeys, newKeysFile, type SigningKeys } from './signing-keys.js';
import {
  type ClientRecord,
  type RefreshTokenRecord,
  STATE_VERSION,
  type StateStorage,
  type TokensFile,
  type UserRecord,
} from './state.js';
import type { UserPool } from './user-pool.js';

/** Lifetime of ID and access tokens, in seconds (Cognito's default, one hour). */
export const TOKEN_LIFETIME_SECONDS = 3600;
/** Lifetime of refresh tokens, in seconds (Cognito's default, 30 days). */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 86_400;

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

/** The pool's token issuer and checker. Create it with `TokenService.open`. */
export class TokenService {
  readonly #keys: SigningKeys;
  readonly #tokens: TokensFile;
  readonly #storage: StateStorage;
  readonly #pool: UserPool;
  readonly #issuer: string;
  readonly #now: () => number;

  private constructor(
    keys: SigningKeys,
    tokens: TokensFile,
    settings: { storage: StateStorage; pool: UserPool; issuer: string; now: () => number },
  ) {
    this.#keys = keys;
    this.#tokens = tokens;
    this.#storage = settings.storage;
    this.#pool = settings.pool;
    this.#issuer = settings.issuer;
    this.#now = settings.now;
  }

  /** Loads the keys and the refresh tokens, making the keys on first start. */
  static async open(settings: {
    storage: StateStorage;
    pool: UserPool;
    issuer: string;
    now: () => number;
  }): Promise<TokenService> {
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
    for (const [hash, record] of Object.entries(this.#tokens.refreshTokens)) {
      if (record.expiresAt <= now) delete this.#tokens.refreshTokens[hash];
    }
    for (const [origin, until] of Object.entries(this.#tokens.revokedOrigins)) {
      if (until <= now) delete this.#tokens.revokedOrigins[origin];
    }
    this.#storage.save('tokens', this.#tokens);
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
      expiresAt: this.#seconds() + REFRESH_TOKEN_LIFETIME_SECONDS,
    };
    this.#save();
    return { ...tokens, refreshToken };
  }

  async #sign(signIn: SignIn, withIdToken: boolean): Promise<TokenSet> {
    const { user, client } = signIn;
    const iat = this.#seconds();
    const exp = iat + TOKEN_LIFETIME_SECONDS;
    const groups = this.#pool.groupsOf(user);
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
      exp,
      iat,
      jti: newUuid(),
      username: user.username,
    };
    const accessToken = await new SignJWT(accessClaims)
      .setProtectedHeader({ kid: this.#keys.access.kid, alg: 'RS256' })
      .sign(this.#keys.access.privateKey);
    if (!withIdToken) return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };

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
      exp,
      iat,
      jti: newUuid(),
    };
    const idToken = await new SignJWT(idClaims)
      .setProtectedHeader({ kid: this.#keys.id.kid, alg: 'RS256' })
      .sign(this.#keys.id.privateKey);
    return { idToken, accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The live record of a refresh token, or undefined (unknown, revoked or expired). */
  findRefreshToken(refreshToken: string | undefined): RefreshTokenRecord | undefined {
    if (!refreshToken) return undefined;
    const record = this.#tokens.refreshTokens[tokenHash(refreshToken)];
    return record && record.expiresAt > this.#seconds() ? record : undefined;
  }

  /**
   * New ID and access tokens from a refresh token issued to `client`: same scopes, `auth_time`,
   * `origin_jti` and `event_id`; no new refresh token. Undefined when the token cannot be used.
   */
  async refresh(refreshToken: string | undefined, client: ClientRecord): Promise<TokenSet | undefined> {
    const record = this.findRefreshToken(refreshToken);
    if (!record || record.clientId !== client.clientId) return undefined;
    const user = this.#pool.findUser(record.username);
    if (!user?.enabled) return undefined;
    return this.#sign(
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
      exp: iat + TOKEN_LIFETIME_SECONDS,
      iat,
      version: 2,
      jti: newUuid(),
      client_id: client.clientId,
    })
      .setProtectedHeader({ kid: this.#keys.access.kid, alg: 'RS256' })
      .sign(this.#keys.access.privateKey);
    return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  #revokeOrigin(originJti: string): void {
    this.#tokens.revokedOrigins[originJti] = this.#seconds() + TOKEN_LIFETIME_SECONDS + 60;
  }

  /**
   * Revokes a refresh token and every access token issued from it. `unknown` for a token this
   * pool does not know (the endpoint still answers 200), `other-client` for one issued to
   * another client (left alone).
   */
  revokeRefreshToken(refreshToken: string, clientId: string): 'revoked' | 'unknown' | 'other-client' {
    const hash = tokenHash(refreshToken);
    const record = this.#tokens.refreshTokens[hash];
    if (!record) return 'unknown';
    if (record.clientId !== clientId) return 'other-client';
    delete this.#tokens.refreshTokens[hash];
    this.#revokeOrigin(record.originJti);
    this.#save();
    return 'revoked';
  }

  /** GlobalSignOut: every refresh token of the user, and the access tokens they cover. */
  signOutEverywhere(username: string): void {
    for (const [hash, record] of Object.entries(this.#tokens.refreshTokens)) {
      if (record.username !== username) continue;
      delete this.#tokens.refreshTokens[hash];
      this.#revokeOrigin(record.originJti);
    }
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
