/**
 * A local Amazon Cognito user pool: managed login, the OAuth 2.0 endpoints and the Cognito
 * Identity Provider JSON API, faithful to what AWS documents of them, for running the tutorial's sign-in
 * walkthrough with no AWS account.
 */
export {
  createLocalCognitoApp,
  DEFAULT_CALLBACK_URLS,
  DEFAULT_LOGOUT_URLS,
  DEFAULT_REGION,
  type LocalCognitoApp,
  type LocalCognitoAppOptions,
  type LocalCognitoInfo,
} from './app.js';
export { LOCAL_COGNITO_ENV } from './config.js';
export { createDefaultLogger, type Logger, REDACTED_PATHS } from './logger.js';
export type { ClientSettings } from './pool/client-settings.js';
export { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './pool/passwords.js';
export {
  DEFAULT_FIRST_LOCKOUT_MS,
  DEFAULT_MAX_LOCKOUT_MS,
  FAILURES_BEFORE_LOCKOUT,
  type SignInLockoutSettings,
} from './pool/sign-in-lockout.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type LocalCognito,
  type LocalCognitoOptions,
  startLocalCognito,
} from './server.js';
