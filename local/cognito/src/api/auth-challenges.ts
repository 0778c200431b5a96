/**
 * Open sign-in challenges: the `Session` that InitiateAuth (or AdminInitiateAuth) hands out
 * with NEW_PASSWORD_REQUIRED, to be answered with RespondToAuthChallenge (or
 * AdminRespondToAuthChallenge) by the same client, for the same user, within the client's
 * AuthSessionValidity. A session answers once. Kept in memory: a restart ends them, as an
 * expiry would.
 */
import { CognitoError } from '../errors.js';
import { newOpaqueToken } from '../ids.js';

/** Which family of operations opened the challenge; the answer must come from the same one. */
export type ChallengeApi = 'client' | 'admin';

interface Challenge {
  readonly username: string;
  readonly clientId: string;
  readonly api: ChallengeApi;
  readonly expiresAt: number;
}

/** The open challenges. */
export class AuthChallenges {
  readonly #challenges = new Map<string, Challenge>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * A new session for `username`, answerable for `minutes`.
   *
   * @example
   * const session = challenges.open({ username, clientId, api: 'client', minutes: 3 });
   */
  open(input: { username: string; clientId: string; api: ChallengeApi; minutes: number }): string {
    const now = this.#now();
    for (const [id, challenge] of this.#challenges) if (challenge.expiresAt <= now) this.#challenges.delete(id);
    const session = newOpaqueToken(48);
    this.#challenges.set(session, {
      username: input.username,
      clientId: input.clientId,
      api: input.api,
      expiresAt: now + input.minutes * 60_000,
    });
    return session;
  }

  /**
   * The username of an open session of this client and API family, or NotAuthorizedException
   * as Cognito answers an unknown, expired or foreign session.
   */
  usernameOf(session: string | undefined, clientId: string, api: ChallengeApi): string {
    const challenge = session ? this.#challenges.get(session) : undefined;
    if (!challenge || challenge.clientId !== clientId || challenge.api !== api || challenge.expiresAt <= this.#now()) {
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    return challenge.username;
  }

  /** Ends a session once it has been answered. */
  close(session: string): void {
    this.#challenges.delete(session);
  }
}
