export { appClientIdsFromEnv } from './app-clients.js';
export { COGNITO_ENV, cognitoTokenVerifierConfigFromEnv, createCognitoTokenVerifierFromEnv } from './cognito-env.js';
export {
  CognitoTokenVerifier,
  type CognitoTokenVerifierConfig,
  DEFAULT_JWKS_FETCH_TIMEOUT_MS,
  type JwksDocument,
  MAX_TOKEN_LENGTH,
  SigningKeysNotLoadedError,
} from './cognito-token-verifier.js';
