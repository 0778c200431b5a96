/**
 * What an operation of the Identity Provider API may be given. Each operation file states the
 * few services it uses (`Pick<Services, …>`), as jagregory/cognito-local's targets do, so its
 * dependencies are visible at a glance and a test could give it just those.
 */
import type { Logger } from '../logger.js';
import type { PoolDescription, UserPool } from '../pool/user-pool.js';
import type { TokenService } from '../tokens/token-service.js';
import type { AuthChallenges } from './auth-challenges.js';

/** The pool's stores, as the pool holds them, and the services around them. */
export interface Services
  extends Pick<UserPool, 'clients' | 'users' | 'groups' | 'signUps' | 'signIns' | 'passwordResets'> {
  /** The pool's own settings. */
  readonly pool: PoolDescription;
  readonly tokens: TokenService;
  /** The open sign-in challenges (NEW_PASSWORD_REQUIRED sessions). */
  readonly challenges: AuthChallenges;
  readonly logger: Logger;
  /** Where managed login is served, without a trailing slash. */
  readonly publicUrl: string;
}

/**
 * One operation: the request as the SDK sends it (not yet validated: every field may be
 * missing or of the wrong type), the response as the SDK reads it.
 */
export type Operation<Request, Response> = (request: Request) => Promise<Response>;
