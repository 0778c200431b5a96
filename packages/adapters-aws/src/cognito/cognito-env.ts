/**
 * Reads the verifier's settings from environment-style variables, so that the Express server,
 * the Lambda handlers and the local stack configure it the same way.
 */
import { appClientIdsFromEnv } from './app-clients.js';
import { CognitoTokenVerifier, type CognitoTokenVerifierConfig, USER_POOL_ID } from './cognito-token-verifier.js';

/** The variables `cognitoTokenVerifierConfigFromEnv` reads. */
export const COGNITO_ENV = {
  /** Required: the user pool id, e.g. `us-east-1_AbC123xyz`. */
  userPoolId: 'COGNITO_USER_POOL_ID',
  /** Required: the accepted app client ids, comma-separated. */
  clientIds: 'COGNITO_CLIENT_IDS',
  /** Optional: checked against the pool id. */
  region: 'COGNITO_REGION',
  /** Optional: a local issuer, e.g. `http://localhost:9229/us-east-1_Local123`. */
  issuer: 'COGNITO_ISSUER',
  /** Optional, with `COGNITO_ISSUER` only: where its JWKS is. */
  jwksUri: 'COGNITO_JWKS_URI',
  /** Optional: the JWKS download time limit in milliseconds. */
  fetchTimeoutMs: 'COGNITO_JWKS_FETCH_TIMEOUT_MS',
} as const;

/**
 * Builds a `CognitoTokenVerifierConfig` from variables such as `process.env`. Empty values count
 * as absent. Throws an error naming the variable when one is missing or malformed.
 *
 * @example
 * // COGNITO_USER_POOL_ID=us-east-1_Local123 COGNITO_CLIENT_IDS=abc,def COGNITO_ISSUER=http://localhost:9229/us-east-1_Local123
 * const config = cognitoTokenVerifierConfigFromEnv(process.env);
 */
export function cognitoTokenVerifierConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): CognitoTokenVerifierConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const userPoolId = read(COGNITO_ENV.userPoolId);
  if (userPoolId === undefined) {
    throw new Error(`${COGNITO_ENV.userPoolId} is required: give the Cognito user pool id, e.g. us-east-1_AbC123xyz`);
  }
  if (!USER_POOL_ID.test(userPoolId)) {
    throw new Error(`${COGNITO_ENV.userPoolId} must look like us-east-1_AbC123xyz ({region}_{alphanumerics})`);
  }
  const clientIds = appClientIdsFromEnv(env);
  const region = read(COGNITO_ENV.region);
  const issuer = read(COGNITO_ENV.issuer);
  const jwksUri = read(COGNITO_ENV.jwksUri);
  for (const [name, value] of [
    [COGNITO_ENV.issuer, issuer],
    [COGNITO_ENV.jwksUri, jwksUri],
  ] as const) {
    if (value !== undefined && !/^https?:\/\/[^\s/]+/.test(value)) throw new Error(`${name} must be a URL`);
  }
  if (jwksUri !== undefined && issuer === undefined) {
    throw new Error(
      `${COGNITO_ENV.jwksUri} needs ${COGNITO_ENV.issuer} too (for AWS Cognito, set neither: the keys are found from the pool id)`,
    );
  }
  const timeout = read(COGNITO_ENV.fetchTimeoutMs);
  let fetchTimeoutMs: number | undefined;
  if (timeout !== undefined) {
    fetchTimeoutMs = /^\d+$/.test(timeout) ? Number(timeout) : Number.NaN;
    if (!Number.isSafeInteger(fetchTimeoutMs) || fetchTimeoutMs <= 0) {
      throw new Error(
        `${COGNITO_ENV.fetchTimeoutMs} must be a whole number of milliseconds, got ${JSON.stringify(timeout)}`,
      );
    }
  }
  return {
    userPoolId,
    clientIds,
    ...(region !== undefined ? { region } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    ...(jwksUri !== undefined ? { jwksUri } : {}),
    ...(fetchTimeoutMs !== undefined ? { fetchTimeoutMs } : {}),
  };
}

/**
 * A `CognitoTokenVerifier` configured from environment-style variables (see `COGNITO_ENV`).
 * Remember to `await verifier.hydrate()` before serving.
 */
export function createCognitoTokenVerifierFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): CognitoTokenVerifier {
  return new CognitoTokenVerifier(cognitoTokenVerifierConfigFromEnv(env));
}
