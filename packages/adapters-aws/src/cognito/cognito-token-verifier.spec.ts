import { randomUUID } from 'node:crypto';
import { UnauthenticatedError, type UnauthenticatedReason, UnavailableError } from '@secure-notes/domain';
import {
  accessTokenClaims,
  encodePart,
  forgeHs256WithPublicKey,
  idTokenClaims,
  jwksOf,
  makeTestKey,
  nowSeconds,
  signToken,
  splitToken,
  type TestKey,
} from '@secure-notes/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoTokenVerifier, MAX_TOKEN_LENGTH, SigningKeysNotLoadedError } from './cognito-token-verifier.js';
import type { CognitoTokenVerifierConfig } from './cognito-verifier-settings.js';

const CLIENT_ID = '1example23456789';
const OTHER_ACCEPTED_CLIENT_ID = '2example98765432';
const FOREIGN_CLIENT_ID = '3foreign00000000';

interface Keys {
  readonly id: TestKey;
  readonly access: TestKey;
  readonly attacker: TestKey;
}

let keys: Keys;

beforeAll(async () => {
  // Cognito signs ID and access tokens with different keys; both are in the pool's JWKS.
  const [id, access, attacker] = await Promise.all([makeTestKey(), makeTestKey(), makeTestKey()]);
  keys = { id, access, attacker };
});

afterEach(() => {
  vi.useRealTimers();
});

/** A `fetch` that answers every request with `jwks` and counts them; no network is touched. */
function fakeJwksFetch(jwks: unknown) {
  return vi.fn<typeof globalThis.fetch>(async () => Response.json(jwks));
}

async function rejectionOf(promise: Promise<unknown>): Promise<UnauthenticatedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return error as UnauthenticatedError;
}

async function expectRejected(promise: Promise<unknown>, reason: UnauthenticatedReason): Promise<UnauthenticatedError> {
  const error = await rejectionOf(promise);
  expect(error.reason).toBe(reason);
  return error;
}

const modes = [
  {
    mode: 'the real pool (CognitoJwtVerifier)',
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_XXXX',
    config: (extra: Partial<CognitoTokenVerifierConfig>): CognitoTokenVerifierConfig => ({
      userPoolId: 'us-east-1_XXXX',
      clientIds: [CLIENT_ID, OTHER_ACCEPTED_CLIENT_ID],
      ...extra,
    }),
  },
  {
    mode: 'a local issuer (JwtVerifier)',
    issuer: 'http://localhost:9229/us-east-1_Local123',
    config: (extra: Partial<CognitoTokenVerifierConfig>): CognitoTokenVerifierConfig => ({
      userPoolId: 'us-east-1_Local123',
      clientIds: [CLIENT_ID, OTHER_ACCEPTED_CLIENT_ID],
      issuer: 'http://localhost:9229/us-east-1_Local123',
      ...extra,
    }),
  },
] as const;

describe.each(modes)('CognitoTokenVerifier for $mode', ({ issuer, config }) => {
  function makeVerifier() {
    const jwks = jwksOf(keys.id, keys.access);
    const fetch = fakeJwksFetch(jwks);
    const verifier = new CognitoTokenVerifier(config({ jwks, fetch }));
    return { verifier, fetch };
  }
  const idToken = (overrides: Record<string, unknown> = {}) =>
    signToken(keys.id, idTokenClaims(issuer, CLIENT_ID, overrides));
  const accessToken = (overrides: Record<string, unknown> = {}) =>
    signToken(keys.access, accessTokenClaims(issuer, CLIENT_ID, overrides));

  describe('accepts', () => {
    it('maps a valid ID token to its principal, from the cached keys alone', async () => {
      // prepare
      const { verifier, fetch } = makeVerifier();
      const claims = idTokenClaims(issuer, CLIENT_ID, { 'cognito:groups': ['admin', 'editors'] });
      const token = await signToken(keys.id, claims);

      // act
      const principal = await verifier.verify(token);

      // assert
      expect(principal).toEqual({
        userId: claims.sub,
        username: claims['cognito:username'],
        email: claims.email,
        groups: ['admin', 'editors'],
        scopes: [],
        tokenUse: 'id',
        expiresAt: claims.exp,
      });
      expect(fetch).not.toHaveBeenCalled();
    });

    it('maps a valid access token to its principal with its scopes', async () => {
      // prepare
      const { verifier, fetch } = makeVerifier();
      const claims = accessTokenClaims(issuer, OTHER_ACCEPTED_CLIENT_ID, { 'cognito:groups': ['admin'] });
      const token = await signToken(keys.access, claims);

      // act
      const principal = await verifier.verify(token);

      // assert
      expect(principal).toEqual({
        userId: claims.sub,
        username: claims.username,
        groups: ['admin'],
        scopes: ['openid', 'email', 'notes/read', 'notes/write'],
        tokenUse: 'access',
        expiresAt: claims.exp,
      });
      expect(fetch).not.toHaveBeenCalled();
    });

    it('accepts the token with a leading "Bearer "', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken();

      // act
      const principal = await verifier.verify(`Bearer ${token}`);

      // assert
      expect(principal.userId).toBe(splitToken(token).payload.sub);
    });

    it('reads cognito:groups given comma-joined, as API Gateway passes it on', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ 'cognito:groups': 'admin,editors' });

      // act
      const principal = await verifier.verify(token);

      // assert
      expect(principal.groups).toEqual(['admin', 'editors']);
    });

    it('accepts a token one second before it expires', async () => {
      // prepare
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
      const { verifier } = makeVerifier();
      const token = await idToken({ exp: nowSeconds() + 1 });

      // act
      const principal = await verifier.verify(token);

      // assert
      expect(principal.expiresAt).toBe(nowSeconds() + 1);
    });
  });

  describe('rejects as invalid', () => {
    it.each([
      ['with an empty signature', ''],
      ['with a made-up signature', 'c2lnbmF0dXJl'],
    ])('an alg "none" token %s', async (_case, signature) => {
      // prepare
      const { verifier } = makeVerifier();
      const claims = idTokenClaims(issuer, CLIENT_ID);
      const token = `${encodePart({ alg: 'none', typ: 'JWT', kid: keys.id.kid })}.${encodePart(claims)}.${signature}`;

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an HS256 token signed with the public key as the HMAC secret', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = forgeHs256WithPublicKey(keys.id, idTokenClaims(issuer, CLIENT_ID));

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a token whose kid is unknown, refetching the JWKS once and then backing off', async () => {
      // prepare
      const { verifier, fetch } = makeVerifier();
      const first = await signToken(keys.attacker, idTokenClaims(issuer, CLIENT_ID));
      const second = await signToken(keys.attacker, idTokenClaims(issuer, CLIENT_ID), { kid: randomUUID() });

      // act
      await expectRejected(verifier.verify(first), 'invalid');
      await expectRejected(verifier.verify(second), 'invalid');

      // assert: one refetch (a rotated key would be found), then the penalty box answers
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('a token whose payload was changed after signing', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken();
      const { payload, signature } = splitToken(token);
      const [header] = token.split('.');
      const tampered = `${header}.${encodePart({ ...payload, 'cognito:groups': ['admin'] })}.${signature}`;

      // act / assert
      await expectRejected(verifier.verify(tampered), 'invalid');
    });

    it.each([
      ['to "header.payload."', (token: string) => token.slice(0, token.lastIndexOf('.') + 1)],
      ['to "header.payload"', (token: string) => token.slice(0, token.lastIndexOf('.'))],
    ])('a token whose signature was stripped %s', async (_case, strip) => {
      // prepare
      const { verifier } = makeVerifier();
      const token = strip(await idToken());

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a token that is not valid before a time in the future (nbf)', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ nbf: nowSeconds() + 600 });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a token from another issuer', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an ID token for another app client (aud)', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ aud: FOREIGN_CLIENT_ID });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an access token for another app client (client_id)', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await accessToken({ client_id: FOREIGN_CLIENT_ID });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an access token that carries an aud claim (Cognito never issues one)', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await accessToken({ aud: CLIENT_ID });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it.each([
      ['an access token labelled token_use "id"', { token_use: 'id' }],
      ['a token without token_use', { token_use: undefined }],
      ['a token with token_use "refresh"', { token_use: 'refresh' }],
    ])('%s', async (_case, overrides) => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await accessToken(overrides);

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a token without exp', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ exp: undefined });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a token without sub', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ sub: undefined });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an oversized token, even a correctly signed one', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ padding: 'x'.repeat(MAX_TOKEN_LENGTH) });

      // act / assert
      expect(token.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('a megabyte of garbage without trying to parse it', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const garbage = `${'a'.repeat(512 * 1024)}.${'b'.repeat(512 * 1024)}.c`;

      // act
      const error = await expectRejected(verifier.verify(garbage), 'invalid');

      // assert
      expect(error.cause).toBeInstanceOf(RangeError);
    });

    it('a token signed by another key that claims the same kid', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await signToken(keys.attacker, idTokenClaims(issuer, CLIENT_ID), { kid: keys.id.kid });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it.each(['', '   ', 'Bearer ', 'not-a-jwt', 'a.b.c'])('the token %j', async (token) => {
      // prepare
      const { verifier } = makeVerifier();

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('without the library error or the token in the message, keeping the cause', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await idToken({ aud: FOREIGN_CLIENT_ID });

      // act
      const error = await expectRejected(verifier.verify(token), 'invalid');

      // assert
      expect(error.message).not.toContain(token);
      expect(error.message).not.toContain(FOREIGN_CLIENT_ID);
      expect(error.cause).toBeInstanceOf(Error);
    });
  });

  describe('rejects as expired', () => {
    it('a valid token whose exp has passed', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await accessToken({ exp: nowSeconds() - 60, iat: nowSeconds() - 3660 });

      // act / assert
      await expectRejected(verifier.verify(token), 'expired');
    });

    it('a valid token at exactly its exp (aws-jwt-verify alone would let it through)', async () => {
      // prepare
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
      const { verifier } = makeVerifier();
      const token = await idToken({ exp: nowSeconds() });

      // act / assert
      await expectRejected(verifier.verify(token), 'expired');
    });

    it('a valid token half a second after its exp', async () => {
      // prepare
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00.500Z'));
      const { verifier } = makeVerifier();
      const token = await idToken({ exp: nowSeconds() });

      // act / assert
      await expectRejected(verifier.verify(token), 'expired');
    });
  });

  describe('never calls "expired" a token that is wrong in another way', () => {
    it.each([
      ['from another issuer', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }],
      ['for another app client', { client_id: FOREIGN_CLIENT_ID }],
      ['with the wrong token_use', { token_use: 'id' }],
      ['carrying an aud', { aud: CLIENT_ID }],
    ])('an expired access token %s is invalid', async (_case, overrides) => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await accessToken({ exp: nowSeconds() - 60, ...overrides });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });

    it('an expired token with a bad signature is invalid', async () => {
      // prepare
      const { verifier } = makeVerifier();
      const token = await signToken(keys.attacker, idTokenClaims(issuer, CLIENT_ID, { exp: nowSeconds() - 60 }), {
        kid: keys.id.kid,
      });

      // act / assert
      await expectRejected(verifier.verify(token), 'invalid');
    });
  });
});

describe('CognitoTokenVerifier start-up', () => {
  const issuer = 'http://localhost:9229/us-east-1_Local123';
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const localConfig = (fetch: typeof globalThis.fetch): CognitoTokenVerifierConfig => ({
    userPoolId: 'us-east-1_Local123',
    clientIds: [CLIENT_ID],
    issuer,
    fetch,
  });

  it('refuses to verify before the keys are loaded, as unavailable (a 503), not as a bad token', async () => {
    // prepare
    const verifier = new CognitoTokenVerifier(localConfig(fakeJwksFetch(jwksOf(keys.id))));
    const token = await signToken(keys.id, idTokenClaims(issuer, CLIENT_ID));

    // act
    const error = await verifier.verify(token).catch((caught: unknown) => caught);

    // assert
    expect(verifier.hydrated).toBe(false);
    expect(error).toBeInstanceOf(SigningKeysNotLoadedError);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 1, jwksUri });
    expect((error as Error).message).toContain(`The token signing keys from ${jwksUri} are not loaded`);
    expect((error as Error).message).not.toContain(token);
  });

  it('while the JWKS cannot be loaded, refuses tokens as unavailable with the failure as cause; verifies them once it loads', async () => {
    // prepare
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9229'), { code: 'ECONNREFUSED' }),
    });
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValueOnce(refused)
      .mockResolvedValueOnce(Response.json(jwksOf(keys.id)));
    const verifier = new CognitoTokenVerifier(localConfig(fetch));
    const token = await signToken(keys.id, idTokenClaims(issuer, CLIENT_ID));

    // act
    const failedStart = await verifier.hydrate().catch((caught: unknown) => caught);
    const whileDown = await verifier.verify(token).catch((caught: unknown) => caught);
    await verifier.hydrate();
    const principal = await verifier.verify(token);

    // assert
    expect(failedStart).toBeInstanceOf(SigningKeysNotLoadedError);
    expect((failedStart as Error).message).toContain(`Could not load the token signing keys from ${jwksUri}`);
    expect((failedStart as Error).message).toContain('connect ECONNREFUSED 127.0.0.1:9229');
    expect(whileDown).toBeInstanceOf(SigningKeysNotLoadedError);
    expect((whileDown as Error).message).toContain('(the last download failed)');
    expect((whileDown as Error).cause).toBe(failedStart);
    expect(verifier.hydrated).toBe(true);
    expect(principal.tokenUse).toBe('id');
  });

  it('loads the JWKS once from {issuer}/.well-known/jwks.json, even when asked twice at once', async () => {
    // prepare
    const fetch = fakeJwksFetch(jwksOf(keys.id, keys.access));
    const verifier = new CognitoTokenVerifier(localConfig(fetch));

    // act
    await Promise.all([verifier.hydrate(), verifier.hydrate()]);
    await verifier.hydrate();
    const principal = await verifier.verify(await signToken(keys.id, idTokenClaims(issuer, CLIENT_ID)));

    // assert
    expect(principal.tokenUse).toBe('id');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe(jwksUri);
  });

  it('loads both issuer spellings of a real pool', async () => {
    // prepare
    const fetch = fakeJwksFetch(jwksOf(keys.id));
    const verifier = new CognitoTokenVerifier({ userPoolId: 'eu-west-1_Pool42', clientIds: [CLIENT_ID], fetch });

    // act
    await verifier.hydrate();

    // assert
    expect(fetch.mock.calls.map(([uri]) => uri).sort()).toEqual([
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool42/.well-known/jwks.json',
      'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool42/.well-known/jwks.json',
    ]);
  });

  it('fails to start with an error naming the JWKS URI and the status, and can retry', async () => {
    // prepare
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(new Response('nope', { status: 503 }))
      .mockResolvedValueOnce(Response.json(jwksOf(keys.id)));
    const verifier = new CognitoTokenVerifier(localConfig(fetch));

    // act / assert
    await expect(verifier.hydrate()).rejects.toThrow(`${jwksUri} answered HTTP 503`);
    await expect(verifier.hydrate()).resolves.toBeUndefined();
  });

  it('refuses a JWKS that is not one', async () => {
    // prepare
    const verifier = new CognitoTokenVerifier(localConfig(vi.fn(async () => Response.json({ nope: true }))));

    // act / assert
    await expect(verifier.hydrate()).rejects.toThrow(/Could not load the token signing keys/);
  });

  it('refuses an oversized JWKS', async () => {
    // prepare
    const huge = { keys: [{ kty: 'RSA', kid: 'x', n: 'n'.repeat(300 * 1024), e: 'AQAB' }] };
    const verifier = new CognitoTokenVerifier(localConfig(vi.fn(async () => Response.json(huge))));

    // act / assert
    await expect(verifier.hydrate()).rejects.toThrow(/at most 262144 are accepted/);
  });

  it('backs off after a failed JWKS download instead of trying again for every unknown kid', async () => {
    // prepare
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      throw new TypeError('fetch failed');
    });
    const verifier = new CognitoTokenVerifier({ ...localConfig(fetch), jwks: jwksOf(keys.id) });
    const tokens = await Promise.all(
      [1, 2, 3].map(() => signToken(keys.attacker, idTokenClaims(issuer, CLIENT_ID), { kid: randomUUID() })),
    );

    // act
    for (const token of tokens) await expectRejected(verifier.verify(token), 'invalid');

    // assert
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('gives up a JWKS download after fetchTimeoutMs', async () => {
    // prepare
    const hanging = vi.fn<typeof globalThis.fetch>(
      (_uri, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    const verifier = new CognitoTokenVerifier({ ...localConfig(hanging), fetchTimeoutMs: 20 });

    // act / assert
    await expect(verifier.hydrate()).rejects.toThrow(`JWKS download from ${jwksUri} timed out after 20 ms`);
  });
});

describe('CognitoTokenVerifier config', () => {
  const base: CognitoTokenVerifierConfig = { userPoolId: 'us-east-1_AbC123xyz', clientIds: [CLIENT_ID] };

  it('derives the issuer and JWKS URI from the pool id', () => {
    // act
    const verifier = new CognitoTokenVerifier(base);

    // assert
    expect(verifier.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz');
    expect(verifier.jwksUri).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz/.well-known/jwks.json',
    );
  });

  it('takes a local issuer and its JWKS URI', () => {
    // act
    const verifier = new CognitoTokenVerifier({
      ...base,
      issuer: 'http://localhost:9229/us-east-1_AbC123xyz',
      jwksUri: 'http://127.0.0.1:9229/us-east-1_AbC123xyz/.well-known/jwks.json',
    });

    // assert
    expect(verifier.issuer).toBe('http://localhost:9229/us-east-1_AbC123xyz');
    expect(verifier.jwksUri).toBe('http://127.0.0.1:9229/us-east-1_AbC123xyz/.well-known/jwks.json');
  });

  it.each([
    ['a malformed pool id', { userPoolId: 'pool' }, /userPoolId "pool" is not a user pool id/],
    ['a region that is not the pool’s', { region: 'eu-west-1' }, /region "eu-west-1" does not match/],
    ['no client ids', { clientIds: [] }, /clientIds must list at least one/],
    ['an empty client id', { clientIds: [''] }, /clientIds must list at least one/],
    ['a JWKS URI without an issuer', { jwksUri: 'https://example.com/jwks.json' }, /jwksUri is only for a custom/],
    ['an issuer that is not a URL', { issuer: 'localhost:9229' }, /issuer "localhost:9229" must be an http\(s\) URL/],
    [
      'a plain-http JWKS URI on another host',
      { issuer: 'http://cognito.internal/us-east-1_AbC123xyz' },
      /must be https \(http only for localhost/,
    ],
    ['a JWKS that is not one', { jwks: { keys: [{ nope: 1 }] } }, /jwks is not a JWKS document/],
    ['a zero timeout', { fetchTimeoutMs: 0 }, /fetchTimeoutMs must be a whole number/],
  ])('refuses %s with a clear error', (_case, override, message) => {
    // act / assert
    expect(() => new CognitoTokenVerifier({ ...base, ...override } as CognitoTokenVerifierConfig)).toThrow(message);
  });
});
