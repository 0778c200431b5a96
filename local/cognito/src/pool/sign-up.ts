/**
 * Self-service sign-up: SignUp makes an UNCONFIRMED user and mails a code (to the log);
 * ConfirmSignUp with that code confirms the user and verifies the email; the fifth wrong code
 * voids it until ResendConfirmationCode sends a new one. AdminConfirmSignUp confirms without a
 * code (and without verifying the email, as Cognito does).
 */
import { CognitoError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type Attributes, REQUIRED_ATTRIBUTES, refuseVerifiedFlags, validateAttributeWrite } from './attributes.js';
import { CODE_LIFETIMES_MS, checkCode, newCode } from './one-time-codes.js';
import type { Outbox } from './outbox.js';
import { hashPassword } from './passwords.js';
import type { UserRecord } from './storage.js';
import { codeError, type Users } from './users.js';

export interface SignUpsContext {
  readonly users: Users;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly now: () => number;
}

/** Sign-up and its confirmation. */
export class SignUps {
  readonly #context: SignUpsContext;

  constructor(context: SignUpsContext) {
    this.#context = context;
  }

  /**
   * SignUp: an UNCONFIRMED user with an unverified email, and a code mailed to it.
   *
   * @example
   * await signUps.signUp({ username: 'ada@example.com', password: 'Correct-Horse-9', attributes: { name: 'Ada' } });
   */
  async signUp(input: { username: string; password: string; attributes: Attributes }): Promise<UserRecord> {
    const { users } = this.#context;
    const { attributes } = input;
    validateAttributeWrite(attributes);
    refuseVerifiedFlags(attributes);
    const email = users.emailFor(input.username, attributes);
    users.checkPolicy(input.password);
    const missing = REQUIRED_ATTRIBUTES.filter((name) => name !== 'email' && !attributes[name]?.trim());
    if (missing.length > 0) {
      throw new CognitoError(
        'InvalidParameterException',
        `Attributes did not conform to the schema: ${missing.map((name) => `${name}: The attribute is required`).join('\n')}\n`,
      );
    }
    if (users.find(email)) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
    const user = users.newRecord(email, { ...attributes, email_verified: 'false' }, 'UNCONFIRMED');
    user.passwordHash = await hashPassword(input.password);
    this.#sendCode(user);
    users.add(user);
    this.#context.logger.info({ event: 'SignUp', username: user.username }, 'user signed up');
    return user;
  }

  #sendCode(user: UserRecord): void {
    const { code, stored } = newCode(this.#context.now(), CODE_LIFETIMES_MS.signUp);
    user.confirmation = stored;
    this.#context.outbox.verificationCode(user.attributes.email ?? user.username, code);
  }

  /** ResendConfirmationCode: a new code for an unconfirmed user. */
  resendCode(usernameOrEmail: string | undefined): UserRecord {
    const user = this.#context.users.require(usernameOrEmail);
    if (user.status !== 'UNCONFIRMED')
      throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    this.#sendCode(user);
    this.#context.users.save();
    return user;
  }

  /** ConfirmSignUp: the right code makes the user CONFIRMED with a verified email. */
  confirm(usernameOrEmail: string | undefined, code: string | undefined): UserRecord {
    const { users, logger, now } = this.#context;
    const user = users.require(usernameOrEmail);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    }
    if (!user.confirmation) throw codeError('wrong');
    const check = checkCode(user.confirmation, code, now());
    if (check !== 'right') {
      users.save();
      if (check === 'too-many-attempts') {
        logger.warn({ event: 'ConfirmSignUp', username: user.username }, 'too many wrong confirmation codes');
      }
      throw codeError(check);
    }
    delete user.confirmation;
    user.status = 'CONFIRMED';
    user.attributes.email_verified = 'true';
    users.touch(user);
    logger.info({ event: 'ConfirmSignUp', username: user.username }, 'user confirmed');
    return user;
  }

  /** AdminConfirmSignUp: CONFIRMED without a code; the email stays unverified. */
  adminConfirm(user: UserRecord): void {
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    }
    delete user.confirmation;
    user.status = 'CONFIRMED';
    this.#context.users.touch(user);
    this.#context.logger.info({ event: 'AdminConfirmSignUp', username: user.username }, 'user confirmed');
  }
}
