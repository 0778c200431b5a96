/**
 * The catalogue of forged and broken bearer tokens every entrypoint must refuse (OWASP API2):
 * built at test time from genuine tokens (of a test key or of the local Cognito), so that each
 * forgery differs from something that works in exactly one way. The cases that change a claim
 * and keep a valid signature need the issuer's own key (`resign`); a test of a real issuer
 * passes its signing function, a test of a local one its test key.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { type Claims, encodePart, forgeHs256WithPublicKey, signToken, splitToken, type TestKey } from './tokens.ts';

export interface ForgeryInputs {
  /** A genuine, valid ID token of the pool and client under test. */
  readonly idToken: string;
  /** A genuine, valid access token with both notes scopes. */
  readonly accessToken: string;
  /** A genuine refresh token (opaque), to be refused as a bearer token. */
  readonly refreshToken?: string;
  /** An access token of the pool without any notes scope. */
  readonly noScopeAccessToken?: string;
  /** The issuer's published JWKS (the key confusion forgery signs with its public key). */
  readonly jwks: { readonly keys: readonly Record<string, unknown>[] };
  /** A key the issuer never published. */
  readonly attacker: TestKey;
  /** Signs claims with the issuer's own key for the given token (the ID or the access key). */
  readonly resign: (claims: Claims, use: 'id' | 'access') => string | Promise<string>;
  /** Another issuer's URL, another client id: what a foreign pool's tokens carry. */
  readonly foreignIssuer?: string;
  readonly foreignClientId?: string;
}

export interface ForgedToken {
  /** What is wrong with it, for the test's name and report. */
  readonly name: string;
  /** The `Authorization` header value to send. */
  readonly authorization: string;
  /** Whether a well-behaved verifier calls it expired (the expired answer) rather than invalid. */
  readonly expired?: boolean;
}

function replaceHeader(token: string, header: Claims): string {
  const [, payload = '', signature = ''] = token.split('.');
  return `${encodePart(header)}.${payload}.${signature}`;
}

function replacePayload(token: string, payload: Claims): string {
  const [header = '', , signature = ''] = token.split('.');
  return `${header}.${encodePart(payload)}.${signature}`;
}

function publicPemOf(jwk: Record<string, unknown>): string {
  return createPublicKey({ key: jwk as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/**
 * At least twenty forgeries, each refused by a correct verifier.
 *
 * @example
 * for (const { name, authorization } of await forgedTokens(inputs)) { ... }
 */
export async function forgedTokens(inputs: ForgeryInputs): Promise<ForgedToken[]> {
  const id = splitToken(inputs.idToken);
  const access = splitToken(inputs.accessToken);
  const now = Math.floor(Date.now() / 1000);
  const realKid = String(id.header.kid);
  const realJwk = inputs.jwks.keys.find((key) => key.kid === realKid) ?? inputs.jwks.keys[0] ?? {};
  const attackerAsRealKey: TestKey = { ...inputs.attacker, kid: realKid };
  const resignId = (changes: Claims) => inputs.resign({ ...id.payload, ...changes }, 'id');
  const resignAccess = (changes: Claims) => inputs.resign({ ...access.payload, ...changes }, 'access');
  const [idHeader = ''] = inputs.idToken.split('.');
  const [, , accessSignature = ''] = inputs.accessToken.split('.');
  const noExp = { ...id.payload };
  delete noExp.exp;

  const tokens: ForgedToken[] = [
    {
      name: 'alg "none" without a signature',
      authorization: `${encodePart({ alg: 'none', typ: 'JWT' })}.${encodePart(id.payload)}.`,
    },
    {
      name: 'alg "none" with the genuine signature',
      authorization: `${encodePart({ alg: 'none', kid: realKid })}.${encodePart(id.payload)}.${id.signature}`,
    },
    {
      name: 'HS256 signed with the RSA public key as the HMAC secret',
      authorization: forgeHs256WithPublicKey(
        { ...inputs.attacker, kid: realKid, publicPem: publicPemOf(realJwk) },
        id.payload,
      ),
    },
    {
      name: 'payload changed to another sub',
      authorization: replacePayload(inputs.idToken, { ...id.payload, sub: randomUUID() }),
    },
    {
      name: 'payload changed to add the admin group',
      authorization: replacePayload(inputs.idToken, { ...id.payload, 'cognito:groups': ['admin'] }),
    },
    {
      name: 'signature stripped (header.payload.)',
      authorization: inputs.idToken.slice(0, inputs.idToken.lastIndexOf('.') + 1),
    },
    {
      name: 'signature stripped (header.payload)',
      authorization: inputs.idToken.slice(0, inputs.idToken.lastIndexOf('.')),
    },
    { name: 'signature truncated', authorization: inputs.idToken.slice(0, -12) },
    {
      name: "signature swapped with another token's",
      authorization: `${inputs.idToken.slice(0, inputs.idToken.lastIndexOf('.'))}.${accessSignature}`,
    },
    { name: 'unknown kid', authorization: await signToken(inputs.attacker, id.payload, { kid: randomUUID() }) },
    {
      name: 'header alg that disagrees with the key (RS384)',
      authorization: replaceHeader(inputs.idToken, { ...id.header, alg: 'RS384' }),
    },
    { name: 'self-signed with the real kid', authorization: await signToken(attackerAsRealKey, id.payload) },
    {
      name: 'self-signed with an embedded jwk',
      authorization: await signToken(attackerAsRealKey, id.payload, { jwk: inputs.attacker.publicJwk }),
    },
    {
      name: 'self-signed with a jku pointing elsewhere',
      authorization: await signToken(attackerAsRealKey, id.payload, { jku: 'https://attacker.example.com/jwks.json' }),
    },
    { name: 'expired an hour ago', authorization: await resignId({ exp: now - 3600, iat: now - 7200 }), expired: true },
    { name: 'exactly at its expiry', authorization: await resignId({ exp: now, iat: now - 3600 }), expired: true },
    { name: 'not valid before a time ahead (nbf)', authorization: await resignId({ nbf: now + 600 }) },
    {
      name: 'another issuer',
      authorization: await resignId({
        iss: inputs.foreignIssuer ?? 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Foreign1',
      }),
    },
    {
      name: 'another audience (aud)',
      authorization: await resignId({ aud: inputs.foreignClientId ?? 'foreign0client0id' }),
    },
    {
      name: 'another client_id',
      authorization: await resignAccess({ client_id: inputs.foreignClientId ?? 'foreign0client0id' }),
    },
    { name: 'an access token labelled token_use "id"', authorization: await resignAccess({ token_use: 'id' }) },
    { name: 'token_use "refresh"', authorization: await resignId({ token_use: 'refresh' }) },
    { name: 'no exp', authorization: await inputs.resign(noExp, 'id') },
    { name: 'two tokens in one header', authorization: `${inputs.idToken} ${inputs.idToken}` },
    {
      name: 'two Bearer tokens in one header',
      authorization: `Bearer ${inputs.idToken}, Bearer ${inputs.accessToken}`,
    },
    { name: 'an oversized token (17 KiB)', authorization: `${idHeader}.${'A'.repeat(17 * 1024)}.${id.signature}` },
  ];
  if (inputs.refreshToken !== undefined)
    tokens.push({ name: 'a refresh token as bearer', authorization: inputs.refreshToken });
  if (inputs.noScopeAccessToken !== undefined) {
    tokens.push({ name: 'an access token without a notes scope', authorization: inputs.noScopeAccessToken });
  }
  return tokens;
}
