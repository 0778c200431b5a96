export { APP_CLIENTS_ENV } from './app-clients.js';
export { COGNITO_ENV, cognitoTokenVerifierConfig } from './cognito-env.js';
export { CognitoTokenVerifier, MAX_TOKEN_LENGTH, SigningKeysNotLoadedError } from './cognito-token-verifier.js';
export {
  type CognitoTokenVerifierConfig,
  DEFAULT_JWKS_FETCH_TIMEOUT_MS,
  type JwksDocument,
  MAX_JWKS_FETCH_TIMEOUT_MS,
  poolRegion,
} from './cognito-verifier-settings.js';
