import { ConfigError, type Env, readEnv } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { COGNITO_ENV, cognitoTokenVerifierConfig } from './cognito-env.js';
import { CognitoTokenVerifier } from './cognito-token-verifier.js';

function configOf(env: Env) {
  return cognitoTokenVerifierConfig(readEnv({ cognito: COGNITO_ENV }, env).cognito);
}

function errorOf(env: Env): string {
  try {
    configOf(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const POOL = { COGNITO_USER_POOL_ID: 'us-east-1_Local123', COGNITO_CLIENT_IDS: 'abc123' };

describe('COGNITO_ENV', () => {
  it('reads the pool and the comma-separated client ids', () => {
    // act
    const config = configOf({ COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz', COGNITO_CLIENT_IDS: ' abc123 , def456,, ' });

    // assert
    expect(config).toEqual({ userPoolId: 'us-east-1_AbC123xyz', clientIds: ['abc123', 'def456'] });
  });

  it('reads the optional local issuer, JWKS URI, region and timeout', () => {
    // act
    const config = configOf({
      ...POOL,
      COGNITO_REGION: 'us-east-1',
      COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/us-east-1_Local123/.well-known/jwks.json',
      COGNITO_JWKS_FETCH_TIMEOUT_MS: '1500',
    });

    // assert
    expect(config).toEqual({
      userPoolId: 'us-east-1_Local123',
      clientIds: ['abc123'],
      region: 'us-east-1',
      issuer: 'http://localhost:9229/us-east-1_Local123',
      jwksUri: 'http://127.0.0.1:9229/us-east-1_Local123/.well-known/jwks.json',
      fetchTimeoutMs: 1500,
    });
  });

  it('treats empty values as absent', () => {
    expect(configOf({ ...POOL, COGNITO_ISSUER: '' })).not.toHaveProperty('issuer');
  });

  it.each([
    ['the pool id is missing', { COGNITO_CLIENT_IDS: 'abc123' }, 'COGNITO_USER_POOL_ID is required'],
    [
      'the pool id is malformed',
      { ...POOL, COGNITO_USER_POOL_ID: 'us-east-1-AbC' },
      'COGNITO_USER_POOL_ID must be a user pool id',
    ],
    ['the client ids are missing', { COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz' }, 'COGNITO_CLIENT_IDS is required'],
    [
      'the client ids are only commas',
      { ...POOL, COGNITO_CLIENT_IDS: ' , ' },
      'COGNITO_CLIENT_IDS must list at least one',
    ],
    ['a client id has a +', { ...POOL, COGNITO_CLIENT_IDS: 'client+1' }, 'COGNITO_CLIENT_IDS must be app client ids'],
    [
      'the timeout is not a number',
      { ...POOL, COGNITO_JWKS_FETCH_TIMEOUT_MS: '2s' },
      'COGNITO_JWKS_FETCH_TIMEOUT_MS must be a whole number',
    ],
    [
      'the region is not the pool’s',
      { ...POOL, COGNITO_REGION: 'eu-west-1' },
      'COGNITO_REGION does not match the region of COGNITO_USER_POOL_ID (us-east-1)',
    ],
    [
      'a JWKS URI comes without its issuer',
      { ...POOL, COGNITO_JWKS_URI: 'http://localhost:9229/keys.json' },
      'COGNITO_JWKS_URI needs COGNITO_ISSUER too',
    ],
  ])('names the variable when %s', (_case, env, message) => {
    expect(errorOf(env)).toContain(message);
  });

  it('refuses what the verifier refuses, with the same limits', () => {
    // Each of these once passed the environment's reader and stopped the verifier's constructor.
    const cases: Env[] = [
      { ...POOL, COGNITO_JWKS_FETCH_TIMEOUT_MS: '60001' },
      { ...POOL, COGNITO_ISSUER: 'http://issuer.example.com/us-east-1_Local123' },
      {
        ...POOL,
        COGNITO_ISSUER: 'https://issuer.example.com/us-east-1_Local123',
        COGNITO_JWKS_URI: 'http://keys.example.com/jwks.json',
      },
    ];
    for (const env of cases) {
      // act
      const message = errorOf(env);

      // assert
      expect(message).toMatch(/COGNITO_(JWKS_FETCH_TIMEOUT_MS|ISSUER|JWKS_URI) /);
      expect(message).toMatch(/from 1 to 60000|must be https \(http only for localhost/);
    }
    expect(
      () =>
        new CognitoTokenVerifier({ userPoolId: 'us-east-1_Local123', clientIds: ['abc123'], fetchTimeoutMs: 60_000 }),
    ).not.toThrow();
  });

  it('builds a verifier for the configured local issuer', () => {
    // act
    const verifier = new CognitoTokenVerifier(
      configOf({ ...POOL, COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123' }),
    );

    // assert
    expect(verifier.jwksUri).toBe('http://localhost:9229/us-east-1_Local123/.well-known/jwks.json');
  });
});
