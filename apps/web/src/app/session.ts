/**
 * The API client's view of the signed-in session, over oidc-client-ts's UserManager: the ID
 * token, renewal by the refresh-token grant (one at a time, however many calls saw a 401), and
 * the way back to the managed login, which returns the person to the page they were on.
 */
import type { UserManager } from 'oidc-client-ts';
import type { Session } from '../lib/api-client.js';

/** Where to go after sign-in: a path of this app only (never another origin). */
export function returnPathOf(state: unknown): string {
  const path =
    typeof state === 'object' && state !== null && 'returnTo' in state && typeof state.returnTo === 'string'
      ? state.returnTo
      : '/';
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/callback') ? path : '/';
}

export function sessionOf(userManager: UserManager, currentPath: () => string): Session {
  let renewing: Promise<string | undefined> | undefined;
  const renew = (): Promise<string | undefined> => {
    renewing ??= userManager
      .signinSilent()
      .then(
        (user) => user?.id_token,
        () => undefined,
      )
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  return {
    async idToken() {
      const user = await userManager.getUser();
      if (user === null) return undefined;
      return user.expired === true ? renew() : user.id_token;
    },
    renew,
    async signInAgain() {
      await userManager.signinRedirect({ state: { returnTo: currentPath() } });
    },
  };
}
