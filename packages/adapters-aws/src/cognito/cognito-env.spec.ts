import { describe, expect, it } from 'vitest';
import { cognitoTokenVerifierConfigFromEnv, createCognitoTokenVerifierFromEnv } from './cognito-env.js';
import { CognitoTokenVerifier } from './cognito-token-verifier.js';

describe('cognitoTokenVerifierConfigFromEnv', () => {
  it('reads the pool and the comma-separated client ids', () => {
    // prepare
    const env = { COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz', COGNITO_CLIENT_IDS: ' abc123 , def456,, ' };

    // act
    const config = cognitoTokenVerifierConfigFromEnv(env);

    // assert
    expect(config).toEqual({ userPoolId: 'us-east-1_AbC123xyz', clientIds: ['abc123', 'def456'] });
  });

  it('reads the optional local issuer, JWKS URI, region and timeout', () => {
    // prepare
    const env = {
      COGNITO_USER_POOL_ID: 'us-east-1_Local123',
      COGNITO_CLIENT_IDS: 'abc123',
      COGNITO_REGION: 'us-east-1',
      COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/us-east-1_Local123/.well-known/jwks.json',
      COGNITO_JWKS_FETCH_TIMEOUT_MS: '1500',
    };

    // act
    const config = cognitoTokenVerifierConfigFromEnv(env);

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
    // prepare
    const env = { COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz', COGNITO_CLIENT_IDS: 'abc123', COGNITO_ISSUER: '' };

    // act
    const config = cognitoTokenVerifierConfigFromEnv(env);

    // assert
    expect(config).not.toHaveProperty('issuer');
  });

  it.each([
    ['the pool id is missing', { COGNITO_CLIENT_IDS: 'abc123' }, /COGNITO_USER_POOL_ID is required/],
    ['the client ids are missing', { COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz' }, /COGNITO_CLIENT_IDS is required/],
    [
      'the client ids are only commas',
      { COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz', COGNITO_CLIENT_IDS: ' , ' },
      /COGNITO_CLIENT_IDS is required/,
    ],
    [
      'the timeout is not a number',
      {
        COGNITO_USER_POOL_ID: 'us-east-1_AbC123xyz',
        COGNITO_CLIENT_IDS: 'abc123',
        COGNITO_JWKS_FETCH_TIMEOUT_MS: '2s',
      },
      /COGNITO_JWKS_FETCH_TIMEOUT_MS must be a whole number/,
    ],
  ])('names the variable when %s', (_case, env, message) => {
    // act / assert
    expect(() => cognitoTokenVerifierConfigFromEnv(env)).toThrow(message);
  });
});

describe('createCognitoTokenVerifierFromEnv', () => {
  it('builds a verifier for the configured local issuer', () => {
    // prepare
    const env = {
      COGNITO_USER_POOL_ID: 'us-east-1_Local123',
      COGNITO_CLIENT_IDS: 'abc123',
      COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123',
    };

    // act
    const verifier = createCognitoTokenVerifierFromEnv(env);

    // assert
    expect(verifier).toBeInstanceOf(CognitoTokenVerifier);
    expect(verifier.jwksUri).toBe('http://localhost:9229/us-east-1_Local123/.well-known/jwks.json');
  });
});
