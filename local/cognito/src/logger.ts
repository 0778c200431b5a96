/**
 * Logging. Any pino-compatible logger can be passed in; the default is pino with redaction of
 * every field that could hold a credential, as a second line of defence: the code never puts a
 * password, code, token or secret in a log line, except the two the emulator exists to show
 * (the invitation an administrator asked for and the sign-up verification code, which Cognito
 * would have mailed), and those go in fields the redaction leaves alone.
 */
import { pino } from 'pino';

/** The part of pino's `Logger` this package uses. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Field paths pino censors wherever they appear. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'Password',
  '*.Password',
  'PreviousPassword',
  'ProposedPassword',
  'TemporaryPassword',
  '*.TemporaryPassword',
  'NEW_PASSWORD',
  '*.NEW_PASSWORD',
  'PASSWORD',
  '*.PASSWORD',
  'SECRET_HASH',
  '*.SECRET_HASH',
  'REFRESH_TOKEN',
  '*.REFRESH_TOKEN',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'ClientSecret',
  '*.ClientSecret',
  'code',
  '*.code',
  'ConfirmationCode',
  '*.ConfirmationCode',
  'token',
  '*.token',
  'AccessToken',
  '*.AccessToken',
  'refresh_token',
  '*.refresh_token',
  'access_token',
  '*.access_token',
  'id_token',
  '*.id_token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** pino with the redaction above, writing JSON lines to stdout (or `destination`). */
export function createDefaultLogger(
  options: { level?: string; destination?: { write(line: string): void } } = {},
): Logger {
  const config = {
    name: 'local-cognito',
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
