/**
 * The user pool itself: its settings, app clients, groups and users, and the rules Cognito
 * applies to them (email as the sign-in identifier, required attributes, the password policy,
 * the user statuses). Both the Identity Provider JSON API and managed login call into this, so
 * a user created one way signs in the other. Failures are `CognitoError`s with the service's
 * `__type` and wording.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './errors.js';
import { newClientId, newClientSecret, newConfirmationCode, newOpaqueToken, newUserPoolId, newUuid } from './ids.js';
import type { Logger } from './logger.js';
import {
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  generateTemporaryPassword,
  hashPassword,
  invalidPasswordMessage,
  verifyAgainstDecoy,
  verifyPassword,
} from './passwords.js';
import { SignInLockout, type SignInLockoutSettings } from './sign-in-lockout.js';
import {
  type ClientRecord,
  type GroupRecord,
  type PoolFile,
  type ResourceServerRecord,
  STATE_VERSION,
  type StateStorage,
  type UserRecord,
  type UserStatus,
  type UsersFile,
} from './state.js';

/** The OIDC and Cognito scopes every pool knows. */
export const STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** The attributes a user may have (besides `custom:*`). `sub` is the pool's, never the caller's. */
const STANDARD_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** Sign-up needs these; an administrator may leave them out, and the user then gives them on first sign-in. */
export const REQUIRED_ATTRIBUTES = ['email', 'name'] as const;

/**
 * Only the pool marks an email or a phone number verified (after a code, or when an
 * administrator says so); an app client may not write these, as Cognito's default app client
 * attribute permissions do not allow it.
 */
const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONFIRMATION_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Wrong sign-up codes allowed; the last of them makes the code useless until a new one is sent. */
export const MAX_CONFIRMATION_ATTEMPTS = 5;
/** Cognito's message for a password sign-in refused during a lockout. */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

export interface UserPoolSettings {
  readonly region: string;
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
  readonly storage: StateStorage;
  readonly logger: Logger;
  /** Milliseconds since the epoch; tests move it. */
  readonly now: () => number;
  /** The lockout after failed password sign-ins; Cognito's timings by default. */
  readonly signInLockout?: SignInLockoutSettings;
}

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly user: UserRecord }
  | { readonly kind: 'new-password-required'; readonly user: UserRecord };

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** NotAuthorizedException, as Cognito answers a client that writes an attribute it may not write. */
function refuseVerifiedFlags(attributes: Record<string, string>): void {
  if (VERIFIED_FLAGS.some((flag) => attributes[flag] !== undefined)) {
    throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  }
}

function attributeList(
  attributes: readonly { Name?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Name, Value } of attributes ?? []) {
    if (!Name) throw new CognitoError('InvalidParameterException', 'An attribute is missing its Name.');
    out[Name] = Value ?? '';
  }
  return out;
}

/** Cognito's masked destination, `u***@e***`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** The local user pool. Create it with `UserPool.open`. */
export class UserPool {
  readonly #settings: UserPoolSettings;
  readonly #pool: PoolFile;
  readonly #users: Map<string, UserRecord>;
  readonly #lockout: SignInLockout;

  private constructor(settings: UserPoolSettings, pool: PoolFile, users: UsersFile) {
    this.#settings = settings;
    this.#pool = pool;
    this.#users = new Map(users.users.map((user) => [user.username, user]));
    this.#lockout = new SignInLockout(settings.now, settings.signInLockout);
  }

  /** Loads the pool from storage, or creates it (clients, resource server, `admin` group) on first start. */
  static open(settings: UserPoolSettings): UserPool {
    const { storage, logger } = settings;
    let pool = storage.load('pool');
    const created = !pool;
    if (!pool) {
      pool = UserPool.#newPool(settings);
      storage.save('pool', pool);
    } else if (pool.userPool.region !== settings.region) {
      throw new Error(
        `The data folder ${storage.description} holds user pool ${pool.userPool.id} of region ${pool.userPool.region}, ` +
          `but region ${settings.region} was asked for. Use region ${pool.userPool.region} (COGNITO_REGION) or another data folder.`,
      );
    }
    const users = storage.load('users') ?? { version: STATE_VERSION, users: [] };
    const userPool = new UserPool(settings, pool, users);
    userPool.#applyClientSettings();
    logger.info(
      { userPoolId: pool.userPool.id, storage: storage.description },
      created ? 'created a new user pool' : 'loaded the user pool',
    );
    return userPool;
  }

  static #newPool(settings: UserPoolSettings): PoolFile {
    const now = settings.now();
    const scopes = ['openid', 'email', 'profile', 'notes/read', 'notes/write'];
    return {
      version: STATE_VERSION,
      userPool: {
        id: newUserPoolId(settings.region),
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
          allowedOAuthScopes: scopes,
          explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          createdAt: now,
          lastModifiedAt: now,
        },
        {
          clientId: newClientId(),
          clientName: 'Secure Notes machine client',
          clientSecret: newClientSecret(),
          callbackUrls: [],
          logoutUrls: [],
          allowedOAuthFlows: ['client_credentials'],
          allowedOAuthScopes: ['notes/read', 'notes/write'],
          explicitAuthFlows: [],
          createdAt: now,
          lastModifiedAt: now,
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
      cookieSecret: newOpaqueToken(32),
    };
  }

  /** Callback and logout URLs given at start replace the stored ones on the app client. */
  #applyClientSettings(): void {
    this.setAppClientUrls(this.#settings);
  }

  /**
   * Replaces the app client's callback and sign-out URLs (each list only when given), as an
   * administrator would with UpdateUserPoolClient; for a stack that learns its callback URL
   * only once its API listens.
   */
  setAppClientUrls(urls: { readonly callbackUrls?: readonly string[]; readonly logoutUrls?: readonly string[] }): void {
    const client = this.appClient;
    const { callbackUrls, logoutUrls } = urls;
    let changed = false;
    if (callbackUrls && callbackUrls.join('\n') !== client.callbackUrls.join('\n')) {
      client.callbackUrls = [...callbackUrls];
      changed = true;
    }
    if (logoutUrls && logoutUrls.join('\n') !== client.logoutUrls.join('\n')) {
      client.logoutUrls = [...logoutUrls];
      changed = true;
    }
    if (changed) {
      client.lastModifiedAt = this.#settings.now();
      this.#savePool();
    }
  }

  #savePool(): void {
    this.#settings.storage.save('pool', this.#pool);
  }

  #saveUsers(): void {
    this.#settings.storage.save('users', { version: STATE_VERSION, users: [...this.#users.values()] });
  }

  #now(): number {
    return this.#settings.now();
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
  get passwordPolicy() {
    return this.#pool.userPool.passwordPolicy;
  }
  get cookieSecret(): string {
    return this.#pool.cookieSecret;
  }
  get clients(): readonly ClientRecord[] {
    return this.#pool.clients;
  }
  get resourceServers(): readonly ResourceServerRecord[] {
    return this.#pool.resourceServers;
  }
  get groups(): readonly GroupRecord[] {
    return this.#pool.groups;
  }
  get userCount(): number {
    return this.#users.size;
  }
  /** The "Traditional web application" client: code grant, with a secret. */
  get appClient(): ClientRecord {
    return this.#pool.clients[0] as ClientRecord;
  }
  /** The machine-to-machine client: `client_credentials` only. */
  get m2mClient(): ClientRecord {
    return this.#pool.clients[1] as ClientRecord;
  }

  /** Every scope a client of this pool could be allowed. */
  get knownScopes(): string[] {
    return [
      ...STANDARD_SCOPES,
      ...this.#pool.resourceServers.flatMap((server) =>
        server.scopes.map((scope) => `${server.identifier}/${scope.name}`),
      ),
    ];
  }

  client(clientId: string | undefined): ClientRecord | undefined {
    return clientId ? this.#pool.clients.find((client) => client.clientId === clientId) : undefined;
  }

  /** The client, or `ResourceNotFoundException` as Cognito answers for an unknown one. */
  requireClient(clientId: string | undefined): ClientRecord {
    const client = this.client(clientId);
    if (!client)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId ?? ''} does not exist.`);
    return client;
  }

  /** Checks a client secret in constant time. */
  secretMatches(client: ClientRecord, secret: string | undefined): boolean {
    return client.clientSecret !== undefined && secret !== undefined && sameSecret(client.clientSecret, secret);
  }

  /** Checks Cognito's `SECRET_HASH`: Base64(HMAC-SHA256(client secret, username + client id)). */
  secretHashMatches(client: ClientRecord, usernames: readonly string[], secretHash: string | undefined): boolean {
    if (!client.clientSecret || !secretHash) return false;
    return usernames.some((username) => {
      const expected = createHmacBase64(client.clientSecret as string, username + client.clientId);
      return sameSecret(expected, secretHash);
    });
  }

  // ---- users ----

  /** By username or by email (case-insensitive), as Cognito resolves the sign-in alias. */
  findUser(usernameOrEmail: string | undefined): UserRecord | undefined {
    if (!usernameOrEmail) return undefined;
    const direct = this.#users.get(usernameOrEmail);
    if (direct) return direct;
    const wanted = usernameOrEmail.toLowerCase();
    for (const user of this.#users.values()) {
      if (user.username.toLowerCase() === wanted || user.attributes.email?.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  requireUser(usernameOrEmail: string | undefined): UserRecord {
    const user = this.findUser(usernameOrEmail);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  /** All users, oldest first. */
  listUsers(): UserRecord[] {
    return [...this.#users.values()].sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  }

  #validateAttributes(attributes: Record<string, string>): void {
    for (const name of Object.keys(attributes)) {
      if (name === 'sub') {
        throw new CognitoError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
      }
      if (!STANDARD_ATTRIBUTES.has(name) && !name.startsWith('custom:')) {
        throw new CognitoError(
          'InvalidParameterException',
          `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.\n`,
        );
      }
      if ((attributes[name]?.length ?? 0) > 2048) {
        throw new CognitoError('InvalidParameterException', `The value of attribute ${name} is too long.`);
      }
    }
    const email = attributes.email;
    if (email !== undefined && !EMAIL.test(email)) {
      throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
    }
    for (const flag of ['email_verified', 'phone_number_verified']) {
      const value = attributes[flag];
      if (value !== undefined && value !== 'true' && value !== 'false') {
        throw new CognitoError('InvalidParameterException', `${flag} must be "true" or "false".`);
      }
    }
  }

  #emailFromUsername(username: string | undefined, attributes: Record<string, string>): string {
    if (!username) throw new CognitoError('InvalidParameterException', 'Username is required.');
    if (!EMAIL.test(username)) {
      throw new CognitoError('InvalidParameterException', 'Username should be an email.');
    }
    if (attributes.email !== undefined && attributes.email.toLowerCase() !== username.toLowerCase()) {
      throw new CognitoError('InvalidParameterException', 'The email attribute must equal the username (an email).');
    }
    return attributes.email ?? username;
  }

  #checkPassword(password: string): void {
    const problems = checkPassword(password, this.passwordPolicy);
    if (problems.length > 0) throw new CognitoError('InvalidPasswordException', invalidPasswordMessage(problems));
  }

  #newUser(email: string, attributes: Record<string, string>, status: UserStatus): UserRecord {
    const sub = newUuid();
    const now = this.#now();
    return {
      username: sub,
      attributes: { ...attributes, sub, email },
      status,
      enabled: true,
      groups: [],
      createdAt: now,
      lastModifiedAt: now,
    };
  }

  /**
   * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password (generated when
   * none is given). Unless `messageAction` is SUPPRESS, the invitation Cognito would email is
   * written to the log, temporary password included: the administrator asked for it.
   */
  async adminCreateUser(input: {
    username: string | undefined;
    attributes: readonly { Name?: string | undefined; Value?: string | undefined }[] | undefined;
    temporaryPassword: string | undefined;
    messageAction: string | undefined;
  }): Promise<UserRecord> {
    const attributes = attributeList(input.attributes);
    this.#validateAttributes(attributes);
    if (input.messageAction !== undefined && input.messageAction !== 'SUPPRESS' && input.messageAction !== 'RESEND') {
      throw new CognitoError('InvalidParameterException', 'MessageAction must be RESEND or SUPPRESS.');
    }
    if (input.messageAction === 'RESEND') {
      return this.#resendInvitation(input.username, input.temporaryPassword);
    }
    const email = this.#emailFromUsername(input.username, attributes);
    if (this.findUser(email)) throw new CognitoError('UsernameExistsException', 'User account already exists');
    const temporaryPassword = input.temporaryPassword ?? generateTemporaryPassword(this.passwordPolicy);
    this.#checkPassword(temporaryPassword);
    const user = this.#newUser(email, attributes, 'FORCE_CHANGE_PASSWORD');
    user.passwordHash = await hashPassword(temporaryPassword);
    user.temporaryPasswordExpiresAt = this.#now() + this.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
    this.#users.set(user.username, user);
    this.#saveUsers();
    this.#settings.logger.info({ event: 'AdminCreateUser', username: user.username }, 'user created');
    if (input.messageAction !== 'SUPPRESS') this.#logInvitation(user, temporaryPassword);
    return user;
  }

  async #resendInvitation(username: string | undefined, temporaryPassword: string | undefined): Promise<UserRecord> {
    const user = this.requireUser(username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError('UnsupportedUserStateException', 'User does not need a new invitation.');
    }
    const password = temporaryPassword ?? generateTemporaryPassword(this.passwordPolicy);
    this.#checkPassword(password);
    user.passwordHash = await hashPassword(password);
    user.temporaryPasswordExpiresAt = this.#now() + this.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
    user.lastModifiedAt = this.#now();
    this.#saveUsers();
    this.#logInvitation(user, password);
    return user;
  }

  #logInvitation(user: UserRecord, temporaryPassword: string): void {
    const email = user.attributes.email ?? user.username;
    // The one log line that carries a password: it stands in for the invitation email, which
    // an administrator asked Cognito to send (seed, Part II).
    this.#settings.logger.info(
      {
        event: 'invitation',
        to: email,
        invitationUsername: email,
        temporaryPasswordForInvitation: temporaryPassword,
      },
      `Invitation email to ${email}: Your username is ${email} and temporary password is ${temporaryPassword}`,
    );
  }

  /** AdminSetUserPassword: permanent makes the user CONFIRMED; otherwise FORCE_CHANGE_PASSWORD. */
  async adminSetUserPassword(usernameOrEmail: string | undefined, password: string, permanent: boolean): Promise<void> {
    const user = this.requireUser(usernameOrEmail);
    this.#checkPassword(password);
    user.passwordHash = await hashPassword(password);
    user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    if (permanent) delete user.temporaryPasswordExpiresAt;
    else user.temporaryPasswordExpiresAt = this.#now() + this.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
    user.lastModifiedAt = this.#now();
    this.#saveUsers();
  }

  deleteUser(usernameOrEmail: string | undefined): UserRecord {
    const user = this.requireUser(usernameOrEmail);
    this.#users.delete(user.username);
    this.#saveUsers();
    return user;
  }

  // ---- groups ----

  findGroup(name: string | undefined): GroupRecord | undefined {
    return this.#pool.groups.find((group) => group.name === name);
  }

  createGroup(input: { name: string; description?: string; precedence?: number; roleArn?: string }): GroupRecord {
    if (this.findGroup(input.name)) {
      throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
    }
    const now = this.#now();
    const group: GroupRecord = {
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.precedence !== undefined ? { precedence: input.precedence } : {}),
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      createdAt: now,
      lastModifiedAt: now,
    };
    this.#pool.groups.push(group);
    this.#savePool();
    return group;
  }

  #requireGroup(name: string | undefined): GroupRecord {
    const group = this.findGroup(name);
    if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  addUserToGroup(usernameOrEmail: string | undefined, groupName: string | undefined): void {
    const group = this.#requireGroup(groupName);
    const user = this.requireUser(usernameOrEmail);
    if (!user.groups.includes(group.name)) {
      user.groups.push(group.name);
      user.lastModifiedAt = this.#now();
      this.#saveUsers();
    }
  }

  removeUserFromGroup(usernameOrEmail: string | undefined, groupName: string | undefined): void {
    const group = this.#requireGroup(groupName);
    const user = this.requireUser(usernameOrEmail);
    user.groups = user.groups.filter((name) => name !== group.name);
    user.lastModifiedAt = this.#now();
    this.#saveUsers();
  }

  /** The user's groups, by precedence then name, as `cognito:groups` lists them. */
  groupsOf(user: UserRecord): string[] {
    const precedence = (name: string) => this.findGroup(name)?.precedence ?? Number.MAX_SAFE_INTEGER;
    return [...user.groups].sort((a, b) => precedence(a) - precedence(b) || a.localeCompare(b));
  }

  // ---- self-service ----

  /**
   * SignUp: an UNCONFIRMED user and a verification code. Cognito would email the code; here it
   * goes to the log, the only place it is written.
   */
  async signUp(input: {
    username: string | undefined;
    password: string | undefined;
    attributes: readonly { Name?: string | undefined; Value?: string | undefined }[] | undefined;
  }): Promise<UserRecord> {
    const attributes = attributeList(input.attributes);
    this.#validateAttributes(attributes);
    refuseVerifiedFlags(attributes);
    const email = this.#emailFromUsername(input.username, attributes);
    if (!input.password) throw new CognitoError('InvalidParameterException', 'Password is required.');
    this.#checkPassword(input.password);
    const missing = REQUIRED_ATTRIBUTES.filter((name) => name !== 'email' && !attributes[name]?.trim());
    if (missing.length > 0) {
      throw new CognitoError(
        'InvalidParameterException',
        `Attributes did not conform to the schema: ${missing.map((name) => `${name}: The attribute is required`).join('\n')}\n`,
      );
    }
    if (this.findUser(email)) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
    const user = this.#newUser(email, { ...attributes, email_verified: 'false' }, 'UNCONFIRMED');
    user.passwordHash = await hashPassword(input.password);
    this.#users.set(user.username, user);
    this.#sendConfirmationCode(user);
    this.#saveUsers();
    this.#settings.logger.info({ event: 'SignUp', username: user.username }, 'user signed up');
    return user;
  }

  #sendConfirmationCode(user: UserRecord): void {
    const code = newConfirmationCode();
    user.confirmation = { codeHash: hashCode(code), expiresAt: this.#now() + CONFIRMATION_CODE_LIFETIME_MS };
    const email = user.attributes.email ?? user.username;
    // Stands in for the verification email: the code is written here and nowhere else.
    this.#settings.logger.info(
      { event: 'verification-code', to: email, verificationCodeForEmail: code },
      `Verification email to ${email}: Your verification code is ${code}`,
    );
  }

  /** Sends a new sign-up code to an unconfirmed user. */
  resendConfirmationCode(usernameOrEmail: string | undefined): UserRecord {
    const user = this.requireUser(usernameOrEmail);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    }
    this.#sendConfirmationCode(user);
    this.#saveUsers();
    return user;
  }

  /**
   * ConfirmSignUp: the right code makes the user CONFIRMED with a verified email. Each wrong
   * code counts against the user; the fifth makes the code useless (LimitExceededException,
   * then and for every later try) until ResendConfirmationCode sends a new one, so a six-digit
   * code cannot be guessed.
   */
  confirmSignUp(usernameOrEmail: string | undefined, code: string | undefined): UserRecord {
    const user = this.requireUser(usernameOrEmail);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    }
    const expected = user.confirmation;
    const attemptLimit = () =>
      new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    if (expected && (expected.failedAttempts ?? 0) >= MAX_CONFIRMATION_ATTEMPTS) throw attemptLimit();
    if (!expected || !code || !sameSecret(expected.codeHash, hashCode(code.trim()))) {
      if (!expected) {
        throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      }
      expected.failedAttempts = (expected.failedAttempts ?? 0) + 1;
      this.#saveUsers();
      if (expected.failedAttempts >= MAX_CONFIRMATION_ATTEMPTS) {
        this.#settings.logger.warn(
          { event: 'ConfirmSignUp', username: user.username },
          'too many wrong confirmation codes: the code no longer works until a new one is sent',
        );
        throw attemptLimit();
      }
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (expected.expiresAt < this.#now()) {
      throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
    delete user.confirmation;
    user.status = 'CONFIRMED';
    user.attributes.email_verified = 'true';
    user.lastModifiedAt = this.#now();
    this.#saveUsers();
    this.#settings.logger.info({ event: 'ConfirmSignUp', username: user.username }, 'user confirmed');
    return user;
  }

  /**
   * Checks a password. Unknown users and wrong passwords get the same answer, after the same
   * work (`PreventUserExistenceErrors` is on, as the console sets it). After five failures in a
   * row the name is locked out for a while (`Password attempts exceeded`, see
   * sign-in-lockout.ts), unknown names alike; during a lockout even the right password is
   * refused, without being checked.
   */
  async signIn(usernameOrEmail: string | undefined, password: string | undefined): Promise<SignInOutcome> {
    const user = this.findUser(usernameOrEmail);
    const lockoutKey = user ? `user:${user.username}` : `name:${(usernameOrEmail ?? '').toLowerCase()}`;
    if (this.#lockout.lockedFor(lockoutKey) > 0) {
      this.#settings.logger.info(
        { event: 'sign-in', ...(user ? { username: user.username } : {}) },
        'sign-in refused: locked out after failed attempts',
      );
      throw new CognitoError('NotAuthorizedException', PASSWORD_ATTEMPTS_EXCEEDED);
    }
    // Counted as a failure before the (slow) check, so guesses sent in parallel cannot all
    // pass the lockout test; the right password clears it again.
    this.#lockout.recordFailure(lockoutKey);
    const ok = user?.passwordHash
      ? await verifyPassword(password ?? '', user.passwordHash)
      : await verifyAgainstDecoy(password ?? '');
    if (!user || !ok) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
    this.#lockout.recordSuccess(lockoutKey);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt < this.#now()) {
        throw new CognitoError(
          'NotAuthorizedException',
          'Temporary password has expired and must be reset by an administrator.',
        );
      }
      return { kind: 'new-password-required', user };
    }
    return { kind: 'signed-in', user };
  }

  /** The required attributes the user has no value for, as `userAttributes.<name>` in challenges. */
  missingRequiredAttributes(user: UserRecord): string[] {
    return REQUIRED_ATTRIBUTES.filter((name) => !user.attributes[name]?.trim());
  }

  /**
   * Answers NEW_PASSWORD_REQUIRED: a new password that meets the policy, and a value for each
   * required attribute the user lacks. The user becomes CONFIRMED.
   */
  async completeNewPassword(user: UserRecord, newPassword: string | undefined, attributes: Record<string, string>) {
    if (!newPassword) throw new CognitoError('InvalidParameterException', 'NEW_PASSWORD is required.');
    this.#checkPassword(newPassword);
    this.#validateAttributes(attributes);
    refuseVerifiedFlags(attributes);
    for (const name of Object.keys(attributes)) {
      if (name === 'email' || (user.attributes[name] && this.isRequired(name))) {
        throw new CognitoError('InvalidParameterException', `Cannot modify an already provided ${name} attribute`);
      }
    }
    const missing = this.missingRequiredAttributes(user).filter((name) => !attributes[name]?.trim());
    if (missing.length > 0) {
      throw new CognitoError(
        'InvalidParameterException',
        `Invalid attributes given, ${missing.map((name) => `${name} is missing`).join(', ')}`,
      );
    }
    Object.assign(user.attributes, attributes);
    user.passwordHash = await hashPassword(newPassword);
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
    user.lastModifiedAt = this.#now();
    this.#saveUsers();
    this.#settings.logger.info({ event: 'NEW_PASSWORD_REQUIRED', username: user.username }, 'password changed');
    return user;
  }

  isRequired(attribute: string): boolean {
    return (REQUIRED_ATTRIBUTES as readonly string[]).includes(attribute);
  }
}

function createHmacBase64(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64');
}
