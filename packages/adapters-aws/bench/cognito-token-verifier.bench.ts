/**
 * What one `CognitoTokenVerifier.verify` costs with the keys cached, against jose's `jwtVerify`
 * on the same token and key in the same run (the baseline): compare the two rows vitest prints.
 * Both check signature, issuer, audience and expiry; ours adds the Cognito claims. The root
 * config runs bench files once per project; to run it once:
 *   pnpm exec vitest bench --run --project 'unit (bench)' packages/adapters-aws/bench
 */

import { idTokenClaims, jwksOf, makeTestKey, signToken } from '@secure-notes/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { test } from 'vitest';
import { CognitoTokenVerifier } from '../src/cognito/cognito-token-verifier.js';

const issuer = 'http://localhost:9229/us-east-1_Bench1';
const clientId = 'bench0client0id';
const key = await makeTestKey();
const jwks = jwksOf(key);
const token = await signToken(key, idTokenClaims(issuer, clientId));

const verifier = new CognitoTokenVerifier({ userPoolId: 'us-east-1_Bench1', clientIds: [clientId], issuer, jwks });
const joseKeys = createLocalJWKSet(jwks);
// Warm both: the first call imports the key.
await verifier.verify(token);
await jwtVerify(token, joseKeys, { issuer, audience: clientId, algorithms: ['RS256'] });

test('verify an RS256 ID token with the keys cached', async ({ bench }) => {
  await bench.compare(
    bench('jose jwtVerify (baseline)', async () => {
      await jwtVerify(token, joseKeys, { issuer, audience: clientId, algorithms: ['RS256'] });
    }),
    bench('CognitoTokenVerifier.verify', async () => {
      await verifier.verify(token);
    }),
    { time: 500 },
  );
});
