import { createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from './token-issuer.ts';
import { splitToken } from './tokens.ts';

const issuers: TestIssuer[] = [];

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function anIssuer(options: Parameters<typeof startTestIssuer>[0] = {}): Promise<TestIssuer> {
  const issuer = await startTestIssuer(options);
  issuers.push(issuer);
  return issuer;
}

/** Whether `token`'s signature verifies with the key of its `kid` in `jwks`. */
function verifiesWith(jwks: { keys: { kid?: string }[] }, token: string): boolean {
  const { header } = splitToken(token);
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (jwk === undefined) return false;
  const [head = '', body = '', signature = ''] = token.split('.');
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  return verify('sha256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
}

describe('startTestIssuer', () => {
  it('serves the JWKS that verifies its ID tokens, counts the downloads, and names its settings', async () => {
    // prepare
    const issuer = await anIssuer({ userPoolId: 'us-east-1_Spec0001', clientId: 'specclient' });

    // act
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: { kid?: string }[] };
    const token = issuer.idToken();

    // assert
    expect(verifiesWith(jwks, token)).toBe(true);
    expect(splitToken(token).payload).toMatchObject({ iss: issuer.issuer, aud: 'specclient', token_use: 'id' });
    expect(issuer.jwksRequests).toBe(1);
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/us-east-1_Spec0001$/);
    expect(issuer.environment).toEqual({
      COGNITO_USER_POOL_ID: 'us-east-1_Spec0001',
      COGNITO_CLIENT_IDS: 'specclient',
      COGNITO_ISSUER: issuer.issuer,
      COGNITO_JWKS_URI: issuer.jwksUri,
    });
  });

  it('signs with an unpublished key or an impostor under the published kid, neither of which the JWKS verifies', async () => {
    // prepare
    const issuer = await anIssuer();
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: { kid?: string }[] };

    // act
    const unpublished = issuer.idToken({ key: 'unpublished' });
    const impostor = issuer.accessToken({ key: 'impostor' });

    // assert
    expect(splitToken(unpublished).header.kid).not.toBe(issuer.key.kid);
    expect(splitToken(impostor).header.kid).toBe(issuer.key.kid);
    expect(verifiesWith(jwks, unpublished)).toBe(false);
    expect(verifiesWith(jwks, impostor)).toBe(false);
  });

  it('drops JWKS connections while dropping, and serves what it is told to publish afterwards', async () => {
    // prepare
    const issuer = await anIssuer({ mode: 'dropping' });

    // act
    const whileDown = await fetch(issuer.jwksUri).then(
      () => 'answered',
      () => 'dropped',
    );
    issuer.mode = 'serving';
    issuer.publish({ keys: [] });
    const afterwards = await (await fetch(issuer.jwksUri)).json();

    // assert
    expect(whileDown).toBe('dropped');
    expect(afterwards).toEqual({ keys: [] });
    expect(issuer.jwksRequests).toBe(2);
  });
});
