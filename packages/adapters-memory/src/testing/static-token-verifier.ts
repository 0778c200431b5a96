/**
 * A `TokenVerifier` for tests that knows a fixed set of tokens. It checks nothing cryptographic,
 * so it lives in the package's testing entry, which no build includes and no production code
 * may import (`pnpm lint:rules`).
 */
import { type Principal, type TokenVerifier, UnauthenticatedError } from '@secure-notes/domain';

export class StaticTokenVerifier implements TokenVerifier {
  readonly #principals: Map<string, Principal>;
  readonly #expired: Set<string>;

  constructor(principals: Record<string, Principal> = {}, expired: readonly string[] = []) {
    this.#principals = new Map(Object.entries(principals));
    this.#expired = new Set(expired);
  }

  /** Makes `token` stand for `principal` from now on. */
  register(token: string, principal: Principal): void {
    this.#principals.set(token, principal);
  }

  async verify(token: string): Promise<Principal> {
    if (this.#expired.has(token)) throw new UnauthenticatedError('expired', 'token expired');
    const principal = this.#principals.get(token);
    if (!principal) throw new UnauthenticatedError('invalid', 'unknown token');
    return principal;
  }
}
