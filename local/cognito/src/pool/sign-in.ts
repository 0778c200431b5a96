/**
 * Signing in with a password, and what follows from the user's status: tokens for a CONFIRMED
 * user, the NEW_PASSWORD_REQUIRED challenge for one with a temporary password, refusals for a
 * disabled, unconfirmed or reset user. Wrong passwords count towards Cognito's lockout
 * (sign-in-lockout.ts), for unknown names too, so a lockout reveals nothing. ChangePassword
 * lives here as well: it checks the previous password the same way.
 */
import { CognitoError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  type Attributes,
  isRequired,
  REQUIRED_ATTRIBUTES,
  refuseVerifiedFlags,
  validateAttributeWrite,
} from './attributes.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { SignInLockout, type SignInLockoutSettings } from './sign-in-lockout.js';
import type { UserRecord } from './storage.js';
import type { Users } from './users.js';

/** Cognito's message for a password sign-in refused during a lockout. */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

export interface SignInsContext {
  readonly users: Users;
  readonly logger: Logger;
  readonly now: () => number;
  readonly lockout?: SignInLockoutSettings;
}

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly user: UserRecord }
  | { readonly kind: 'new-password-required'; readonly user: UserRecord };

/** How an app client answers for a name that matches no user (its PreventUserExistenceErrors). */
export type UnknownUserAnswer = 'ENABLED' | 'LEGACY';

/** Password sign-in, the new password challenge, and password changes. */
export class SignIns {
  readonly #context: SignInsContext;
  readonly #lockout: SignInLockout;

  constructor(context: SignInsContext) {
    this.#context = context;
    this.#lockout = new SignInLockout(context.now, context.lockout);
  }

  /**
   * Checks a password. With `ENABLED`, unknown users and wrong passwords get the same answer
   * after the same work; with `LEGACY`, an unknown name is UserNotFoundException. After five
   * failures in a row the name is locked out for a while; during a lockout even the right
   * password is refused, without being checked.
   *
   * @example
   * const outcome = await signIns.withPassword('ada@example.com', 'Correct-Horse-9');
   */
  async withPassword(
    usernameOrEmail: string,
    password: string,
    unknownUser: UnknownUserAnswer = 'ENABLED',
  ): Promise<SignInOutcome> {
    const { users, logger, now } = this.#context;
    const user = users.find(usernameOrEmail);
    if (!user && unknownUser === 'LEGACY') throw new CognitoError('UserNotFoundException', 'User does not exist.');
    const lockoutKey = user ? `user:${user.username}` : `name:${usernameOrEmail.toLowerCase()}`;
    if (this.#lockout.lockedFor(lockoutKey) > 0) {
      logger.info({ event: 'sign-in', ...(user ? { username: user.username } : {}) }, 'sign-in refused: locked out');
      throw new CognitoError('NotAuthorizedException', PASSWORD_ATTEMPTS_EXCEEDED);
    }
    // Counted as a failure before the (slow) check, so guesses sent in parallel cannot all
    // pass the lockout test; the right password clears it again.
    this.#lockout.recordFailure(lockoutKey);
    const ok = user?.passwordHash
      ? await verifyPassword(password, user.passwordHash)
      : await verifyAgainstDecoy(password);
    if (!user || !ok) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
    this.#lockout.recordSuccess(lockoutKey);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    switch (user.status) {
      case 'UNCONFIRMED':
        throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
      case 'RESET_REQUIRED':
        throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
      case 'FORCE_CHANGE_PASSWORD':
        if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt < now()) {
          throw new CognitoError(
            'NotAuthorizedException',
            'Temporary password has expired and must be reset by an administrator.',
          );
        }
        return { kind: 'new-password-required', user };
      case 'CONFIRMED':
        return { kind: 'signed-in', user };
    }
  }

  /** The required attributes the user has no value for, as `userAttributes.<name>` in challenges. */
  missingRequiredAttributes(user: UserRecord): string[] {
    return REQUIRED_ATTRIBUTES.filter((name) => !user.attributes[name]?.trim());
  }

  /**
   * Answers NEW_PASSWORD_REQUIRED: a new password that meets the policy, and a value for each
   * required attribute the user lacks. The user becomes CONFIRMED.
   */
  async completeNewPassword(user: UserRecord, newPassword: string | undefined, attributes: Attributes): Promise<void> {
    const { users, logger } = this.#context;
    if (!newPassword) throw new CognitoError('InvalidParameterException', 'NEW_PASSWORD is required.');
    users.checkPolicy(newPassword);
    validateAttributeWrite(attributes);
    refuseVerifiedFlags(attributes);
    for (const name of Object.keys(attributes)) {
      if (name === 'email' || (user.attributes[name] && isRequired(name))) {
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
    users.touch(user);
    logger.info({ event: 'NEW_PASSWORD_REQUIRED', username: user.username }, 'password changed');
  }

  /**
   * ChangePassword: the previous password, checked as a sign-in is (wrong ones count towards
   * the lockout, which answers LimitExceededException here), and a new one that meets the
   * policy.
   */
  async changePassword(user: UserRecord, previous: string, proposed: string): Promise<void> {
    const { users, logger } = this.#context;
    if (user.status === 'RESET_REQUIRED') {
      throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
    }
    users.checkPolicy(proposed);
    const lockoutKey = `user:${user.username}`;
    if (this.#lockout.lockedFor(lockoutKey) > 0) {
      throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    }
    this.#lockout.recordFailure(lockoutKey);
    const ok = user.passwordHash !== undefined && (await verifyPassword(previous, user.passwordHash));
    if (!ok) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
    this.#lockout.recordSuccess(lockoutKey);
    user.passwordHash = await hashPassword(proposed);
    users.touch(user);
    logger.info({ event: 'ChangePassword', username: user.username }, 'password changed');
  }
}
