import { ConfigError } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { authorizerConfigFromEnv } from './config.js';

/** What the infrastructure sets (apps/infra/src/constructs/notes-functions.ts). */
const deployed = {
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
  COGNITO_CLIENT_IDS: 'client1',
  LOG_LEVEL: 'warn',
  POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer',
};

describe('authorizerConfigFromEnv', () => {
  it('reads the environment the infrastructure gives the authorizer', () => {
    expect(authorizerConfigFromEnv(deployed)).toEqual({
      verifier: { userPoolId: 'eu-west-1_AbC123xyz', clientIds: ['client1'] },
      powertoolsLogLevel: 'WARN',
      serviceName: 'secure-notes-authorizer',
    });
  });

  it('reads a local issuer as the server does, and its own service name by default', () => {
    const config = authorizerConfigFromEnv({
      COGNITO_USER_POOL_ID: 'us-east-1_Local123',
      COGNITO_CLIENT_IDS: 'abc',
      COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123',
    });

    expect(config.verifier.issuer).toBe('http://localhost:9229/us-east-1_Local123');
    expect(config.serviceName).toBe('secure-notes-authorizer');
    expect(config.powertoolsLogLevel).toBe('INFO');
  });

  it('stops the init with every problem listed', () => {
    expect(() => authorizerConfigFromEnv({ LOG_LEVEL: 'chatty' })).toThrow(ConfigError);
    expect(() => authorizerConfigFromEnv({ LOG_LEVEL: 'chatty' })).toThrow(
      /COGNITO_USER_POOL_ID is required[\s\S]*COGNITO_CLIENT_IDS is required[\s\S]*LOG_LEVEL must be one of/,
    );
  });
});
