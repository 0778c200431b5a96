/**
 * The pool's RSA signing keys. Cognito signs ID tokens and access tokens with different keys
 * (different `kid`s in one JWKS); so does this emulator. Keys are made once, with jose, and kept
 * as private JWKs in the state so that tokens stay valid across restarts.
 */
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { type KeysFile, STATE_VERSION } from '../pool/storage.js';

export type KeyUse = 'id' | 'access';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public JWK as the JWKS lists it. */
  readonly publicJwk: JWK;
}

export type SigningKeys = Record<KeyUse, SigningKey>;

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n as string, e: jwk.e as string });
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

/** New private keys for the state. */
export async function newKeysFile(): Promise<KeysFile> {
  const [id, access] = await Promise.all([newPrivateJwk(), newPrivateJwk()]);
  return { version: STATE_VERSION, id, access };
}

async function loadKey(jwk: JWK): Promise<SigningKey> {
  const { kty, n, e, kid } = jwk;
  if (kty !== 'RSA' || !n || !e || !kid) throw new Error('The stored signing key is not an RSA key with a kid.');
  const publicJwk: JWK = { kty, n, e, kid, alg: 'RS256', use: 'sig' };
  const privateKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, 'RS256')) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk };
}

/** Imports the stored keys for signing and verifying. */
export async function loadSigningKeys(file: KeysFile): Promise<SigningKeys> {
  const [id, access] = await Promise.all([loadKey(file.id), loadKey(file.access)]);
  if (id.kid === access.kid) throw new Error('The ID token key and the access token key must differ.');
  return { id, access };
}
