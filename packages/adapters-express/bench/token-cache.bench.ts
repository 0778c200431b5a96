/**
 * What the verified-token cache saves: a real RS256 signature check with jose (the baseline,
 * what every request would pay without the cache) against the cache's two cases, a token seen
 * for the first time (a miss: the full check, then remembered) and a token already seen (a hit),
 * first for the verifier alone, then for a whole authenticated request to the Express app on
 * loopback. Read the ratios vitest prints. To run it once:
 *   pnpm exec vitest bench --run packages/adapters-express/bench/token-cache.bench.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryNotesRepository, SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import {
  createNotesUseCases,
  PageCursorCodec,
  type Principal,
  type TokenVerifier,
  UnauthenticatedError,
} from '@secure-notes/domain';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { errors, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { pino } from 'pino';
import { test } from 'vitest';
import { CachingTokenVerifier } from '../src/caching-token-verifier.js';
import { createNotesApi } from '../src/notes-api.js';

const issuer = 'http://localhost:9229/us-east-1_Bench2';
const clientId = 'bench0client0id';
const { privateKey, publicKey } = await generateKeyPair('RS256');
const token = await new SignJWT({ token_use: 'id', 'cognito:groups': [] })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
  .setSubject(randomUUID())
  .setIssuer(issuer)
  .setAudience(clientId)
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);

/** A verifier that checks the RS256 signature, issuer, audience and expiry on every call. */
const joseVerifier: TokenVerifier = {
  async verify(candidate: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(candidate, publicKey, { issuer, audience: clientId, algorithms: ['RS256'] });
      return {
        userId: String(payload.sub),
        groups: [],
        scopes: [],
        tokenUse: 'id',
        ...(payload.exp === undefined ? {} : { expiresAt: payload.exp }),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('expired', 'token expired');
      throw new UnauthenticatedError('invalid', 'token rejected', { cause: error });
    }
  },
};
const secondToken = await new SignJWT({ token_use: 'id', 'cognito:groups': [] })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
  .setSubject(randomUUID())
  .setIssuer(issuer)
  .setAudience(clientId)
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);
const caching = new CachingTokenVerifier(joseVerifier);
await joseVerifier.verify(token);
await caching.verify(token);
// A cache of one, given two tokens in turn: every call is a first sight (check, remember, evict).
const forgetful = new CachingTokenVerifier(joseVerifier, { max: 1 });
let turn = 0;

async function listen(tokenCache: false | undefined) {
  const useCases = createNotesUseCases({
    repository: new InMemoryNotesRepository(),
    clock: new SystemClock(),
    ids: new UlidIdGenerator(),
    cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
  });
  const app = createNotesApi({
    useCases,
    tokenVerifier: joseVerifier,
    logger: pino({ level: 'silent' }),
    // One client sending as fast as it can: the rate limits would answer it 429.
    rateLimits: { perCallerPerMinute: 0, perAddressPerMinute: 0 },
    ...(tokenCache === false ? { tokenCache } : {}),
  });
  const server = createServer(app);
  await listenOnLoopback(server, 'the API');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notes?limit=1` };
}

test('verify a token: RS256 signature check vs. first sight vs. already seen', async ({ bench }) => {
  await bench.compare(
    bench('uncached: jose RS256 verification (baseline)', async () => {
      await joseVerifier.verify(token);
    }),
    bench('first sight: CachingTokenVerifier miss', async () => {
      turn += 1;
      await forgetful.verify(turn % 2 === 0 ? token : secondToken);
    }),
    bench('already seen: CachingTokenVerifier hit', async () => {
      await caching.verify(token);
    }),
    { time: 500 },
  );
});

test('GET /notes over loopback: every request verified vs. token cached', async ({ bench }) => {
  const uncached = await listen(false);
  const cached = await listen(undefined);
  const get = async (url: string) => {
    const response = await fetch(url, { headers: { authorization: token } });
    if (response.status !== 200) throw new Error(`unexpected status ${response.status}`);
    await response.arrayBuffer();
  };
  try {
    await bench.compare(
      bench('uncached: request with a full verification (baseline)', () => get(uncached.url)),
      bench('cached: request with a cached token', () => get(cached.url)),
      { time: 1000 },
    );
  } finally {
    uncached.server.closeAllConnections();
    cached.server.closeAllConnections();
    uncached.server.close();
    cached.server.close();
  }
});
