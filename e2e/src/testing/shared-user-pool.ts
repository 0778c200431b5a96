/**
 * One local Cognito for a whole test file, trusted by every stack the file starts (the stack's
 * "your user pool" mode: COGNITO_USER_POOL_ID and COGNITO_ISSUER in its environment), so that
 * users are created and signed in once and the same tokens are sent to the Express runtime and
 * to the Lambda runtime. A user costs three scrypt hashes, which is what makes it worth sharing.
 */
import { startCognitoForTest } from '@secure-notes/local-cognito/testing';
import type { SignInTarget } from './stack.js';

export interface SharedUserPool {
  /** Where users are created and sign in. */
  readonly target: SignInTarget;
  /** The settings that make a stack trust this pool instead of starting its own Cognito. */
  readonly environment: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * @example
 * const pool = await startSharedUserPool();
 * const users = await createVirtualUsers(pool.target, 50, 'load');
 * const { stack } = await startTestStack({ environment: { ...pool.environment } });
 */
export async function startSharedUserPool(): Promise<SharedUserPool> {
  // Sign-in stops at the redirect to the callback, so no page needs to answer there.
  const callbackUrl = 'http://localhost:3000/callback';
  const { cognito } = await startCognitoForTest({ callbackUrls: [callbackUrl] });
  return {
    target: { cognito, callbackUrl },
    environment: {
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_IDS: cognito.clientId,
      COGNITO_ISSUER: cognito.issuer,
      COGNITO_JWKS_URI: cognito.jwksUri,
    },
    close: () => cognito.close(),
  };
}
