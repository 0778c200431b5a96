/**
 * Where Cognito would send email, the local Cognito writes to its log: the invitation with a
 * temporary password (AdminCreateUser), the sign-up verification code, the password reset
 * code and the code that verifies a changed email. These are the only log lines that carry a
 * secret, and each in a field of its own that the redaction leaves alone, so a developer (or a
 * test, through `createCapturingLogger`) reads them the way a user reads their mail.
 */
import type { Logger } from '../logger.js';

/** The log events of the messages, and the field that carries each secret. */
export const OUTBOX_EVENTS = {
  invitation: { event: 'invitation', field: 'temporaryPasswordForInvitation' },
  verificationCode: { event: 'verification-code', field: 'verificationCodeForEmail' },
  passwordResetCode: { event: 'password-reset-code', field: 'passwordResetCodeForEmail' },
  emailVerificationCode: { event: 'email-verification-code', field: 'emailVerificationCodeForEmail' },
} as const;

/** Sends (logs) the messages Cognito would email. */
export class Outbox {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** The invitation of AdminCreateUser: the administrator asked for the temporary password to be sent. */
  invitation(email: string, temporaryPassword: string): void {
    const { event, field } = OUTBOX_EVENTS.invitation;
    this.#logger.info(
      { event, to: email, invitationUsername: email, [field]: temporaryPassword },
      `Invitation email to ${email}: Your username is ${email} and temporary password is ${temporaryPassword}`,
    );
  }

  /** The sign-up confirmation code. */
  verificationCode(email: string, code: string): void {
    const { event, field } = OUTBOX_EVENTS.verificationCode;
    this.#logger.info(
      { event, to: email, [field]: code },
      `Verification email to ${email}: Your verification code is ${code}`,
    );
  }

  /** The code of ForgotPassword and AdminResetUserPassword. */
  passwordResetCode(email: string, code: string): void {
    const { event, field } = OUTBOX_EVENTS.passwordResetCode;
    this.#logger.info(
      { event, to: email, [field]: code },
      `Password reset email to ${email}: Your password reset code is ${code}`,
    );
  }

  /** The code that verifies a new email address. */
  emailVerificationCode(email: string, code: string): void {
    const { event, field } = OUTBOX_EVENTS.emailVerificationCode;
    this.#logger.info(
      { event, to: email, [field]: code },
      `Verification email to ${email}: Your verification code is ${code}`,
    );
  }
}
