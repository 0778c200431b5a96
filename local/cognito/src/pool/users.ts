/**
 * The pool's users and what an administrator (or the user, with an access token) does to them:
 * create with an invitation, set a password, change or delete attributes, disable, enable,
 * delete. Users are found by username or, as the sign-in alias, by email (case-insensitive).
 * Every change is saved before it returns.
 *
 * One unit because every operation here goes through the same lookup, attribute schema and
 * save, as Cognito's user store does; the operations themselves are the API's (one file each).
 */
import { CognitoError } from '../errors.js';
import { newUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import {
  type Attributes,
  EMAIL,
  inSchema,
  isRequired,
  refuseVerifiedFlags,
  VERIFIED_FLAGS,
  validateAttributeWrite,
} from './attributes.js';
import { CODE_LIFETIMES_MS, checkCode, newCode } from './one-time-codes.js';
import type { Outbox } from './outbox.js';
import {
  checkPassword,
  generateTemporaryPassword,
  hashPassword,
  invalidPasswordMessage,
  type PasswordPolicy,
} from './passwords.js';
import { STATE_VERSION, type StateStorage, type UserRecord, type UserStatus } from './storage.js';

export interface UsersContext {
  readonly storage: StateStorage;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly now: () => number;
  readonly passwordPolicy: () => PasswordPolicy;
}

/** Who writes attributes: an administrator may set the verified flags, a user (an app client) may not. */
export type AttributeWriter = 'administrator' | 'user';

/** The pool's users. */
export class Users {
  readonly #users: Map<string, UserRecord>;
  readonly #context: UsersContext;

  constructor(context: UsersContext) {
    this.#context = context;
    const file = context.storage.load('users') ?? { version: STATE_VERSION, users: [] };
    this.#users = new Map(file.users.map((user) => [user.username, user]));
  }

  get count(): number {
    return this.#users.size;
  }

  /** By username or by email (case-insensitive), as Cognito resolves the sign-in alias. */
  find(usernameOrEmail: string | undefined): UserRecord | undefined {
    if (!usernameOrEmail) return undefined;
    const direct = this.#users.get(usernameOrEmail);
    if (direct) return direct;
    const wanted = usernameOrEmail.toLowerCase();
    for (const user of this.#users.values()) {
      if (user.username.toLowerCase() === wanted || user.attributes.email?.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  /** The user, or UserNotFoundException: `User does not exist.` */
  require(usernameOrEmail: string | undefined): UserRecord {
    const user = this.find(usernameOrEmail);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  /** All users, oldest first. */
  list(): UserRecord[] {
    return [...this.#users.values()].sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  }

  /** Writes every user to storage. */
  save(): void {
    this.#context.storage.save('users', { version: STATE_VERSION, users: [...this.#users.values()] });
  }

  /** Marks the user changed now and saves. */
  touch(user: UserRecord): void {
    user.lastModifiedAt = this.#context.now();
    this.save();
  }

  /** The rules of the policy that `password` breaks, as sentences for people; empty when it conforms. */
  policyProblems(password: string): string[] {
    return checkPassword(password, this.#context.passwordPolicy()).map((problem) => problem.requirement);
  }

  /** InvalidPasswordException, with Cognito's wording, for a password the policy refuses. */
  checkPolicy(password: string): void {
    const problems = checkPassword(password, this.#context.passwordPolicy());
    if (problems.length > 0) throw new CognitoError('InvalidPasswordException', invalidPasswordMessage(problems));
  }

  /**
   * The email a new user signs in with: the username, which must be an email (the pool's
   * sign-in identifier), and the `email` attribute when given must be the same.
   */
  emailFor(username: string, attributes: Attributes): string {
    if (!EMAIL.test(username)) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
    if (attributes.email !== undefined && attributes.email.toLowerCase() !== username.toLowerCase()) {
      throw new CognitoError('InvalidParameterException', 'The email attribute must equal the username (an email).');
    }
    return attributes.email ?? username;
  }

  /** A new user record (not yet in the pool): the username is the `sub`, a UUID. */
  newRecord(email: string, attributes: Attributes, status: UserStatus): UserRecord {
    const sub = newUuid();
    const now = this.#context.now();
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

  /** Puts a new user in the pool and saves. */
  add(user: UserRecord): void {
    this.#users.set(user.username, user);
    this.save();
  }

  /**
   * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password (generated when
   * none is given). Unless `messageAction` is SUPPRESS the invitation is sent (to the log);
   * RESEND sends a new one to an existing user who has not signed in yet.
   *
   * @example
   * await users.adminCreate({ username: 'ada@example.com', attributes: { name: 'Ada' } });
   */
  async adminCreate(input: {
    readonly username: string;
    readonly attributes?: Attributes;
    readonly temporaryPassword?: string;
    readonly messageAction?: 'RESEND' | 'SUPPRESS';
  }): Promise<UserRecord> {
    const attributes = input.attributes ?? {};
    validateAttributeWrite(attributes);
    if (input.messageAction === 'RESEND') return this.#resendInvitation(input.username, input.temporaryPassword);
    const email = this.emailFor(input.username, attributes);
    if (this.find(email)) throw new CognitoError('UsernameExistsException', 'User account already exists');
    const temporaryPassword = input.temporaryPassword ?? generateTemporaryPassword(this.#context.passwordPolicy());
    this.checkPolicy(temporaryPassword);
    const user = this.newRecord(email, attributes, 'FORCE_CHANGE_PASSWORD');
    user.passwordHash = await hashPassword(temporaryPassword);
    user.temporaryPasswordExpiresAt = this.#temporaryPasswordExpiry();
    this.add(user);
    this.#context.logger.info({ event: 'AdminCreateUser', username: user.username }, 'user created');
    if (input.messageAction !== 'SUPPRESS') this.#context.outbox.invitation(email, temporaryPassword);
    return user;
  }

  #temporaryPasswordExpiry(): number {
    return this.#context.now() + this.#context.passwordPolicy().TemporaryPasswordValidityDays * 86_400_000;
  }

  async #resendInvitation(username: string, temporaryPassword: string | undefined): Promise<UserRecord> {
    const user = this.require(username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError('UnsupportedUserStateException', 'User does not need a new invitation.');
    }
    const password = temporaryPassword ?? generateTemporaryPassword(this.#context.passwordPolicy());
    this.checkPolicy(password);
    user.passwordHash = await hashPassword(password);
    user.temporaryPasswordExpiresAt = this.#temporaryPasswordExpiry();
    this.touch(user);
    this.#context.outbox.invitation(user.attributes.email ?? user.username, password);
    return user;
  }

  /**
   * AdminSetUserPassword, for a user in any status: a permanent password makes the user
   * CONFIRMED, a temporary one FORCE_CHANGE_PASSWORD (with the pool's temporary password
   * lifetime). A pending sign-up code or password reset code stops working.
   */
  async setPassword(user: UserRecord, password: string, permanent: boolean): Promise<void> {
    this.checkPolicy(password);
    user.passwordHash = await hashPassword(password);
    user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    if (permanent) delete user.temporaryPasswordExpiresAt;
    else user.temporaryPasswordExpiresAt = this.#temporaryPasswordExpiry();
    delete user.confirmation;
    delete user.passwordReset;
    this.touch(user);
    this.#context.logger.info({ event: 'AdminSetUserPassword', username: user.username, permanent }, 'password set');
  }

  /**
   * Changes attributes (AdminUpdateUserAttributes, UpdateUserAttributes). Only an
   * administrator may set the verified flags. A new email must be free; it is unverified
   * until the code sent to it is confirmed (VerifyUserAttribute), unless the administrator
   * marks it verified in the same call. Returns the address a code went to, if one did.
   */
  updateAttributes(user: UserRecord, attributes: Attributes, writer: AttributeWriter): { codeSentTo?: string } {
    validateAttributeWrite(attributes);
    if (writer === 'user') refuseVerifiedFlags(attributes);
    const newEmail = attributes.email;
    const emailChanges = newEmail !== undefined && newEmail.toLowerCase() !== user.attributes.email?.toLowerCase();
    if (emailChanges) {
      const holder = this.find(newEmail);
      if (holder && holder !== user) {
        throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
      }
    }
    for (const name of Object.keys(attributes)) {
      if (isRequired(name) && attributes[name]?.trim() === '') {
        throw new CognitoError(
          'InvalidParameterException',
          `Attributes did not conform to the schema: ${name}: The attribute is required\n`,
        );
      }
    }
    Object.assign(user.attributes, attributes);
    let codeSentTo: string | undefined;
    if (emailChanges) {
      if (attributes.email_verified === undefined) user.attributes.email_verified = 'false';
      if (user.attributes.email_verified !== 'true') {
        const { code, stored } = newCode(this.#context.now(), CODE_LIFETIMES_MS.emailVerification);
        user.emailVerification = stored;
        codeSentTo = newEmail;
        this.#context.outbox.emailVerificationCode(newEmail, code);
      } else {
        delete user.emailVerification;
      }
    }
    this.touch(user);
    return codeSentTo !== undefined ? { codeSentTo } : {};
  }

  /**
   * AdminDeleteUserAttributes (and DeleteUserAttributes): removes the attributes named.
   * `sub` and the required attributes cannot go; an app client may not touch the verified
   * flags.
   */
  deleteAttributes(user: UserRecord, names: readonly string[], writer: AttributeWriter): void {
    for (const name of names) {
      if (name === 'sub') {
        throw new CognitoError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
      }
      if (isRequired(name)) {
        throw new CognitoError('InvalidParameterException', `Cannot delete the required attribute ${name}.`);
      }
      if (writer === 'user' && (VERIFIED_FLAGS as readonly string[]).includes(name)) {
        throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      }
      if (!inSchema(name)) {
        throw new CognitoError(
          'InvalidParameterException',
          `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.\n`,
        );
      }
    }
    for (const name of names) delete user.attributes[name];
    this.touch(user);
  }

  /**
   * VerifyUserAttribute for `email`: the code sent when the email changed marks it verified.
   * A wrong code is CodeMismatchException; the fifth wrong one, or an old code,
   * LimitExceededException or ExpiredCodeException, as for sign-up codes.
   */
  verifyEmail(user: UserRecord, code: string): void {
    const pending = user.emailVerification;
    if (!pending) {
      if (user.attributes.email_verified === 'true') return;
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    const check = checkCode(pending, code, this.#context.now());
    if (check !== 'right') {
      this.save();
      throw codeError(check);
    }
    delete user.emailVerification;
    user.attributes.email_verified = 'true';
    this.touch(user);
  }

  /** AdminDisableUser and AdminEnableUser. A disabled user cannot sign in anywhere. */
  setEnabled(user: UserRecord, enabled: boolean): void {
    user.enabled = enabled;
    this.touch(user);
    this.#context.logger.info(
      { event: enabled ? 'AdminEnableUser' : 'AdminDisableUser', username: user.username },
      'user changed',
    );
  }

  /** AdminDeleteUser and DeleteUser. */
  delete(user: UserRecord): void {
    this.#users.delete(user.username);
    this.save();
    this.#context.logger.info({ event: 'DeleteUser', username: user.username }, 'user deleted');
  }
}

/** The error Cognito answers for a code that did not work. */
export function codeError(check: 'wrong' | 'expired' | 'too-many-attempts'): CognitoError {
  switch (check) {
    case 'wrong':
      return new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    case 'expired':
      return new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    case 'too-many-attempts':
      return new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
  }
}
