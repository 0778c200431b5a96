/** What every route of the local Cognito shares. */
import type { Logger } from './logger.js';
import type { SessionStore } from './login/sessions.js';
import type { AuthorizationCodes } from './oauth/authorization-codes.js';
import type { UserPool } from './pool/user-pool.js';
import type { TokenService } from './tokens/token-service.js';

export interface LocalCognitoContext {
  readonly pool: UserPool;
  readonly tokens: TokenService;
  readonly codes: AuthorizationCodes;
  readonly sessions: SessionStore;
  readonly logger: Logger;
  /** The URL people and clients reach the server at, without a trailing slash. */
  readonly publicUrl: string;
  readonly issuer: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}
