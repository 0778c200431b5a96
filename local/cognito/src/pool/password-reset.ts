/**
 * Password recovery: ForgotPassword mails a code (to the log) to a user's verified email;
 * ConfirmForgotPassword with that code and a new password makes the user CONFIRMED again.
 * AdminResetUserPassword does the first step for an administrator and puts the user in
 * RESET_REQUIRED, so sign-in answers PasswordResetRequiredException until the reset is done.
 * With PreventUserExistenceErrors on, an unknown name gets the answers a real one would.
 */
import { CognitoError } from '../errors.js';
import type { Logger } from '../logger.js';
import { maskEmail } from './attributes.js';
import { CODE_LIFETIMES_MS, checkCode, newCode } from './one-time-codes.js';
import type { Outbox } from './outbox.js';
import { hashPassword } from './passwords.js';
import type { UnknownUserAnswer } from './sign-in.js';
import type { UserRecord } from './storage.js';
import { codeError, type Users } from './users.js';

export interface PasswordResetsContext {
  readonly users: Users;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly now: () => number;
}

/** Where a code went, as CodeDeliveryDetails describes it. */
export interface CodeDelivery {
  readonly destination: string;
  readonly deliveryMedium: 'EMAIL';
  readonly attributeName: 'email';
}

function delivery(email: string): CodeDelivery {
  return { destination: maskEmail(email), deliveryMedium: 'EMAIL', attributeName: 'email' };
}

/** Password recovery. */
export class PasswordResets {
  readonly #context: PasswordResetsContext;

  constructor(context: PasswordResetsContext) {
    this.#context = context;
  }

  /**
   * ForgotPassword: a code to the user's verified email. Refused for a disabled user, for a
   * user who has not set a password yet (FORCE_CHANGE_PASSWORD) and for one with no verified
   * email.
   *
   * @example
   * const { destination } = resets.forgotPassword('ada@example.com'); // 'a***@e***'
   */
  forgotPassword(usernameOrEmail: string, unknownUser: UnknownUserAnswer = 'ENABLED'): CodeDelivery {
    const user = this.#context.users.find(usernameOrEmail);
    if (!user) {
      if (unknownUser === 'LEGACY') {
        throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
      }
      this.#context.logger.info({ event: 'ForgotPassword' }, 'no such user: answered as if a code was sent');
      return delivery(usernameOrEmail.includes('@') ? usernameOrEmail : `${usernameOrEmail}@example.com`);
    }
    return this.#sendCode(user, 'ForgotPassword');
  }

  /**
   * AdminResetUserPassword: the user must reset the password with a code before signing in
   * again (RESET_REQUIRED). The same refusals as ForgotPassword.
   */
  adminReset(user: UserRecord): CodeDelivery {
    const sent = this.#sendCode(user, 'AdminResetUserPassword');
    user.status = 'RESET_REQUIRED';
    this.#context.users.touch(user);
    return sent;
  }

  #sendCode(user: UserRecord, event: string): CodeDelivery {
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');
    }
    const email = user.attributes.email;
    if (!email || user.attributes.email_verified !== 'true') {
      throw new CognitoError(
        'InvalidParameterException',
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    const { code, stored } = newCode(this.#context.now(), CODE_LIFETIMES_MS.passwordReset);
    user.passwordReset = stored;
    this.#context.users.save();
    this.#context.outbox.passwordResetCode(email, code);
    this.#context.logger.info({ event, username: user.username }, 'password reset code sent');
    return delivery(email);
  }

  /**
   * ConfirmForgotPassword: the code and a new password that meets the policy. A weak password
   * leaves the code usable; a wrong code counts, and the fifth voids it.
   */
  async confirm(
    usernameOrEmail: string,
    code: string,
    password: string,
    unknownUser: UnknownUserAnswer = 'ENABLED',
  ): Promise<UserRecord> {
    const { users, logger, now } = this.#context;
    const user = users.find(usernameOrEmail);
    if (!user) {
      if (unknownUser === 'LEGACY') {
        throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
      }
      throw codeError('wrong');
    }
    users.checkPolicy(password);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (!user.passwordReset) throw codeError('expired');
    const check = checkCode(user.passwordReset, code, now());
    if (check !== 'right') {
      users.save();
      throw codeError(check);
    }
    delete user.passwordReset;
    delete user.temporaryPasswordExpiresAt;
    user.passwordHash = await hashPassword(password);
    user.status = 'CONFIRMED';
    users.touch(user);
    logger.info({ event: 'ConfirmForgotPassword', username: user.username }, 'password reset');
    return user;
  }
}
