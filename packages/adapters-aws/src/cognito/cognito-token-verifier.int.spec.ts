import { UnauthenticatedError } from '@secure-notes/domain';
import {
  idTokenClaims,
  jwksOf,
  makeTestKey,
  refusingEndpoint,
  signToken,
  startTestIssuer,
  type TestIssuer,
  type TestIssuerOptions,
} from '@secure-notes/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoTokenVerifier, SigningKeysNotLoadedError } from './cognito-token-verifier.js';

const CLIENT_ID = 'int0example0client';

const issuers: TestIssuer[] = [];

/** An issuer serving its JWKS on 127.0.0.1, closed after the test. */
async function startIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  const issuer = await startTestIssuer({ clientId: CLIENT_ID, ...options });
  issuers.push(issuer);
  return issuer;
}

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

describe('CognitoTokenVerifier against a JWKS served over http', () => {
  it('downloads the JWKS once at hydrate and verifies many tokens without another request', async () => {
    // prepare
    const jwksServer = await startIssuer({ userPoolId: `us-east-1_Int${Date.now()}` });
    const { issuer } = jwksServer;
    const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_Int', clientIds: [CLIENT_ID], issuer });
    const claims = Array.from({ length: 50 }, () => idTokenClaims(issuer, CLIENT_ID));
    const tokens = claims.map((c) => jwksServer.token(c));

    // act
    await verifier.hydrate();
    const principals = await Promise.all(tokens.map((token) => verifier.verify(token)));

    // assert
    expect(principals.map((p) => p.userId)).toEqual(claims.map((c) => c.sub));
    expect(jwksServer.jwksRequests).toBe(1);
  });

  it('picks up a rotated key with one more request, and backs off from unknown kids', async () => {
    // prepare
    const jwksServer = await startIssuer({ userPoolId: `us-east-1_Rot${Date.now()}` });
    const { issuer } = jwksServer;
    const newKey = makeTestKey();
    const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_Rot', clientIds: [CLIENT_ID], issuer });
    await verifier.hydrate();
    jwksServer.publish(jwksOf(jwksServer.key, newKey));
    const rotated = signToken(newKey, idTokenClaims(issuer, CLIENT_ID));
    const strangers = Array.from({ length: 5 }, () => jwksServer.idToken({ key: 'unpublished' }));

    // act
    const principal = await verifier.verify(rotated);
    const rejections = await Promise.all(strangers.map((token) => verifier.verify(token).catch((e: unknown) => e)));

    // assert
    expect(principal.tokenUse).toBe('id');
    expect(rejections.every((e) => e instanceof UnauthenticatedError && e.reason === 'invalid')).toBe(true);
    // hydrate, the rotated key, then one look for the stranger's kid; the penalty box answers the rest.
    expect(jwksServer.jwksRequests).toBe(3);
  });
});

describe('CognitoTokenVerifier when the JWKS refuses connections', () => {
  it('fails to load the keys with a message naming ECONNREFUSED (not a timeout), and loads them once reachable', async () => {
    // prepare: a port that refuses connections, held so that nothing else can answer on it
    const refusing = await refusingEndpoint();
    const pool = `us-east-1_Ref${Date.now()}`;
    const jwksServer = await startIssuer({ userPoolId: pool });
    const live = new URL(jwksServer.issuer).origin;
    let jwksBase = refusing.endpoint;
    const down = new CognitoTokenVerifier({
      userPoolId: 'us-east-1_Ref',
      clientIds: [CLIENT_ID],
      issuer: jwksServer.issuer,
      jwksUri: `${refusing.endpoint}/${pool}/.well-known/jwks.json`,
      // The verifier's fetch, moved to the live server once it "comes up".
      fetch: (uri, init) => globalThis.fetch(String(uri).replace(refusing.endpoint, jwksBase), init),
    });
    const token = jwksServer.idToken();

    try {
      // act
      const failure = await down.hydrate().catch((caught: unknown) => caught);
      const whileDown = await down.verify(token).catch((caught: unknown) => caught);
      jwksBase = live;
      await down.hydrate();
      const principal = await down.verify(token);

      // assert
      expect(failure).toBeInstanceOf(SigningKeysNotLoadedError);
      const message = (failure as Error).message;
      expect(message).toContain(`${refusing.endpoint}/${pool}/.well-known/jwks.json`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).not.toMatch(/timeout|timed out/i);
      expect(whileDown).toBeInstanceOf(SigningKeysNotLoadedError);
      expect(principal.tokenUse).toBe('id');
    } finally {
      await refusing.close();
    }
  });
});
