/**
 * A logger for tests: the package's default pino logger (with its redaction) writing into an
 * array, so a test can read the invitation or the verification code the way a developer reads
 * the log, and can check that nothing secret was written.
 */
import { createDefaultLogger, type Logger } from '../logger.js';

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
}

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
  const latest = (event: string, email: string, field: string): string | undefined => {
    const line = lines.findLast((entry) => entry.event === event && entry.to === email);
    const value = line?.[field];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    logger,
    lines,
    text: () => raw.join(''),
    temporaryPasswordFor: (email) => latest('invitation', email, 'temporaryPasswordForInvitation'),
    verificationCodeFor: (email) => latest('verification-code', email, 'verificationCodeForEmail'),
  };
}
