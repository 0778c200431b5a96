import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnauthenticatedError } from '@secure-notes/domain';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { refusingEndpoint } from '../dynamodb/testing/index.js';
import { CognitoTokenVerifier, SigningKeysNotLoadedError } from './cognito-token-verifier.js';
import { idTokenClaims, jwksOf, makeTestKey, signToken } from './testing/test-tokens.js';

const CLIENT_ID = 'int0example0client';

interface JwksServer {
  readonly baseUrl: string;
  /** How many JWKS requests the server has answered. */
  requests(): number;
  /** What the server publishes from now on. */
  publish(jwks: unknown): void;
}

const servers: Server[] = [];

/** Serves `{"keys":…}` at /{pool}/.well-known/jwks.json on 127.0.0.1, on a free port. */
async function startJwksServer(jwks: unknown): Promise<JwksServer> {
  let published = jwks;
  let count = 0;
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url?.endsWith('/.well-known/jwks.json')) {
      count += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
      return;
    }
    response.writeHead(404).end();
  });
  servers.push(server);
  await listenOnLoopback(server, 'the test JWKS');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests: () => count,
    publish: (next) => {
      published = next;
    },
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('CognitoTokenVerifier against a JWKS served over http', () => {
  it('downloads the JWKS once at hydrate and verifies many tokens without another request', async () => {
    // prepare
    const key = await makeTestKey();
    const jwksServer = await startJwksServer(jwksOf(key));
    const issuer = `${jwksServer.baseUrl}/us-east-1_Int${Date.now()}`;
    const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_Int', clientIds: [CLIENT_ID], issuer });
    const claims = Array.from({ length: 50 }, () => idTokenClaims(issuer, CLIENT_ID));
    const tokens = await Promise.all(claims.map((c) => signToken(key, c)));

    // act
    await verifier.hydrate();
    const principals = await Promise.all(tokens.map((token) => verifier.verify(token)));

    // assert
    expect(principals.map((p) => p.userId)).toEqual(claims.map((c) => c.sub));
    expect(jwksServer.requests()).toBe(1);
  });

  it('picks up a rotated key with one more request, and backs off from unknown kids', async () => {
    // prepare
    const [oldKey, newKey, strangerKey] = await Promise.all([makeTestKey(), makeTestKey(), makeTestKey()]);
    const jwksServer = await startJwksServer(jwksOf(oldKey));
    const issuer = `${jwksServer.baseUrl}/us-east-1_Rot${Date.now()}`;
    const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_Rot', clientIds: [CLIENT_ID], issuer });
    await verifier.hydrate();
    jwksServer.publish(jwksOf(oldKey, newKey));
    const rotated = await signToken(newKey, idTokenClaims(issuer, CLIENT_ID));
    const strangers = await Promise.all(
      Array.from({ length: 5 }, () => signToken(strangerKey, idTokenClaims(issuer, CLIENT_ID))),
    );

    // act
    const principal = await verifier.verify(rotated);
    const rejections = await Promise.all(strangers.map((token) => verifier.verify(token).catch((e: unknown) => e)));

    // assert
    expect(principal.tokenUse).toBe('id');
    expect(rejections.every((e) => e instanceof UnauthenticatedError && e.reason === 'invalid')).toBe(true);
    // hydrate, the rotated key, then one look for the stranger's kid; the penalty box answers the rest.
    expect(jwksServer.requests()).toBe(3);
  });
});

describe('CognitoTokenVerifier when the JWKS refuses connections', () => {
  it('fails to load the keys with a message naming ECONNREFUSED (not a timeout), and loads them once reachable', async () => {
    // prepare: a port that refuses connections, held so that nothing else can answer on it
    const refusing = await refusingEndpoint();
    const key = await makeTestKey();
    const jwksServer = await startJwksServer(jwksOf(key));
    const pool = `us-east-1_Ref${Date.now()}`;
    let jwksBase = refusing.endpoint;
    const down = new CognitoTokenVerifier({
      userPoolId: 'us-east-1_Ref',
      clientIds: [CLIENT_ID],
      issuer: `${jwksServer.baseUrl}/${pool}`,
      jwksUri: `${refusing.endpoint}/${pool}/.well-known/jwks.json`,
      // The verifier's fetch, moved to the live server once it "comes up".
      fetch: (uri, init) => globalThis.fetch(String(uri).replace(refusing.endpoint, jwksBase), init),
    });
    const token = await signToken(key, idTokenClaims(`${jwksServer.baseUrl}/${pool}`, CLIENT_ID));

    try {
      // act
      const failure = await down.hydrate().catch((caught: unknown) => caught);
      const whileDown = await down.verify(token).catch((caught: unknown) => caught);
      jwksBase = jwksServer.baseUrl;
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
