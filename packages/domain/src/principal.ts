/** Who is calling, as established by a verified token. */
export type TokenUse = 'id' | 'access';

export interface Principal {
  /** The token's `sub`: the only owner this caller can act as. */
  readonly userId: string;
  readonly username?: string;
  readonly email?: string;
  /** `cognito:groups`. */
  readonly groups: readonly string[];
  /** The access token's `scope`; empty for ID tokens. */
  readonly scopes: readonly string[];
  readonly tokenUse: TokenUse;
  /** When the token stops being valid (its `exp`, seconds since the epoch); caches must not outlive it. */
  readonly expiresAt?: number;
}
