/**
 * Test helpers for apps that run against the local Cognito (`@secure-notes/local-cognito/testing`).
 * Test code only: nothing in the package's production entry point imports this folder.
 */
export {
  adminClient,
  type CognitoAddress,
  createConfirmedUser,
  freshEmail,
  STRONG_PASSWORD,
  secretHash,
  tokenRequest,
} from './admin.js';
export { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE_PATH, chromiumLaunchOptions, launchChromium } from './browser.js';
export { type CapturedLog, createCapturingLogger } from './capturing-logger.js';
export { type HttpSignInInput, type HttpSignInResult, signInWithHttp } from './http-sign-in.js';
export { type PoolSigner, poolSigner } from './pool-signer.js';
export { startCognitoForTest, type TestCognito } from './start-for-test.js';
