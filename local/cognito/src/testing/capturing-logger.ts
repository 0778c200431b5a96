/**
 * A logger for tests: the package's default pino logger (with its redaction) writing into an
 * array, so a test can read the invitation or the verification code the way a developer reads
 * the log, and can check that nothing secret was written.
 */
import { createDefaultLogger, type Logger } from '../logger.js';
import { OUTBOX_EVENTS } from '../pool/outbox.js';

export interface CapturedLog {
  readonly logger: Logger;
  /** Every line written, parsed. */
  readonly lines: Record<string, unknown>[];
  /** Every line as written, for "this never appears in the log" checks. */
  text(): string;
  /** The temporary password of the latest invitation sent to `email`. */
  temporaryPasswordFor(email: string): string | undefined;
  /** The latest sign-up verification code sent to `email`. */
  verificationCodeFor(email: string): string | undefined;
  /** The latest password reset code (ForgotPassword, AdminResetUserPassword) sent to `email`. */
  passwordResetCodeFor(email: string): string | undefined;
  /** The latest code that verifies `email` as a changed address. */
  emailVerificationCodeFor(email: string): string | undefined;
}

/**
 * The package's logger writing into memory.
 *
 * @example
 * const log = createCapturingLogger();
 * const cognito = await startLocalCognito({ port: 0, logger: log.logger });
 * log.temporaryPasswordFor('ada@example.com');
 */
export function createCapturingLogger(level = 'debug'): CapturedLog {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = createDefaultLogger({
    level,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  const latest = ({ event, field }: { event: string; field: string }, email: string): string | undefined => {
    const line = lines.findLast((entry) => entry.event === event && entry.to === email);
    const value = line?.[field];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    logger,
    lines,
    text: () => raw.join(''),
    temporaryPasswordFor: (email) => latest(OUTBOX_EVENTS.invitation, email),
    verificationCodeFor: (email) => latest(OUTBOX_EVENTS.verificationCode, email),
    passwordResetCodeFor: (email) => latest(OUTBOX_EVENTS.passwordResetCode, email),
    emailVerificationCodeFor: (email) => latest(OUTBOX_EVENTS.emailVerificationCode, email),
  };
}
