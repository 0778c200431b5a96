/**
 * The pool's own signing keys, for tests that must forge a token the pool could have issued:
 * a claim changed (an `exp` in the past, another `aud`, a `token_use` that lies) under a
 * signature that verifies, so that the verifier under test is refused by the claim check alone.
 * Read from a data folder the pool wrote (`startLocalCognito({ dataDir })`); test code only.
 */
import { CompactSign } from 'jose';
import { FileStateStorage } from '../pool/storage.js';
import { type KeyUse, loadSigningKeys } from '../tokens/signing-keys.js';

/** Signs any claims, RS256, with the pool's ID-token or access-token key and its `kid`. */
export type PoolSigner = (claims: Readonly<Record<string, unknown>>, use: KeyUse) => Promise<string>;

/**
 * @param dataDir the folder given to `startLocalCognito` as `dataDir`.
 *
 * @example
 * const sign = await poolSigner(join(dataDir, 'cognito'));
 * const expired = await sign({ ...claimsOf(idToken), exp: nowSeconds() - 60 }, 'id');
 */
export async function poolSigner(dataDir: string): Promise<PoolSigner> {
  const file = new FileStateStorage(dataDir).load('keys');
  if (file === undefined) throw new Error(`${dataDir} holds no signing keys: start the local Cognito with it first`);
  const keys = await loadSigningKeys(file);
  return (claims, use) => {
    const key = keys[use];
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ kid: key.kid, alg: 'RS256' })
      .sign(key.privateKey);
  };
}
