import { DEFAULT_ATTACHMENT_SETTINGS } from '@secure-notes/domain';
import { ConfigError, readEnv } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { localServiceSettingsFromEnv, localStackSettingsFromEnv, USER_CLI_ENV } from './config.js';

describe('localStackSettingsFromEnv', () => {
  it('starts everything on this machine by default', () => {
    expect(localStackSettingsFromEnv({})).toEqual({
      host: '127.0.0.1',
      apiPort: 3000,
      cognitoPort: 9229,
      dynamoDbPort: 8000,
      s3Port: 4566,
      webPort: 5173,
      webDevOrigin: 'http://localhost:5174',
      store: 'embedded',
      apiRuntime: 'express',
      logLevel: 'info',
      services: { api: { corsOrigins: [] }, table: {}, ignored: [], attachments: DEFAULT_ATTACHMENT_SETTINGS },
    });
  });

  it('hands the API every setting the user gave, typed (CORS_ORIGINS among them)', () => {
    const settings = localStackSettingsFromEnv({
      CORS_ORIGINS: 'http://localhost:5173',
      BODY_LIMIT_BYTES: '2048',
      STORAGE_BUDGET_MS: '500',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: '1',
      SHUTDOWN_TIMEOUT_MS: '100',
      NOTES_CURSOR_SECRET: 'k'.repeat(32),
      COGNITO_REGION: 'eu-west-1',
      COGNITO_JWKS_FETCH_TIMEOUT_MS: '1500',
      ATTACHMENT_MAX_BYTES: '4096',
    });

    expect(settings.services).toEqual({
      api: {
        corsOrigins: ['http://localhost:5173'],
        bodyLimitBytes: 2048,
        storageBudgetMs: 500,
        cursorSecret: 'k'.repeat(32),
        shutdownTimeoutMs: 100,
        rateLimits: { perCallerPerMinute: 0 },
        trustProxy: 1,
      },
      table: {},
      cognitoRegion: 'eu-west-1',
      jwksFetchTimeoutMs: 1500,
      ignored: [],
      attachments: { ...DEFAULT_ATTACHMENT_SETTINGS, maxBytes: 4096 },
    });
  });

  it('binds port 0 (a free port) for every service, as tests do', () => {
    const settings = localStackSettingsFromEnv({ PORT: '0', COGNITO_PORT: '0', DYNAMODB_PORT: '0' });

    expect([settings.apiPort, settings.cognitoPort, settings.dynamoDbPort]).toEqual([0, 0, 0]);
  });

  it('reads your table and your user pool with the schemas the server reads them with', () => {
    const settings = localStackSettingsFromEnv({
      NOTES_STORE: 'dynamodb',
      NOTES_TABLE: 'MyNotes',
      AWS_REGION: 'eu-west-1',
      COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
      COGNITO_CLIENT_IDS: 'client1',
    });

    expect(settings.store).toBe('dynamodb');
    expect(settings.services.table).toEqual({ tableName: 'MyNotes', region: 'eu-west-1' });
    expect(settings.services.userPool).toEqual({ userPoolId: 'eu-west-1_AbC123xyz', clientIds: ['client1'] });
  });

  it('lists every problem at once, the stack’s and the services’', () => {
    let error: unknown;
    try {
      localStackSettingsFromEnv({
        PORT: '65536',
        NOTES_STORE: 'sqlite',
        CORS_ORIGINS: 'localhost:5173',
        COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
        LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual([
      'PORT',
      'NOTES_STORE',
      'LOG_LEVEL',
      'CORS_ORIGINS',
      'COGNITO_CLIENT_IDS',
    ]);
  });

  it('says which settings of your user pool are ignored without COGNITO_USER_POOL_ID', () => {
    expect(localServiceSettingsFromEnv({ COGNITO_ISSUER: 'http://localhost:9229/x' }).ignored).toEqual([
      'COGNITO_ISSUER is ignored: it configures your own user pool, with COGNITO_USER_POOL_ID (the local Cognito runs instead)',
    ]);
  });
});

describe('USER_CLI_ENV', () => {
  it('finds the local Cognito on COGNITO_PORT unless COGNITO_ENDPOINT says where', () => {
    expect(readEnv({ cli: USER_CLI_ENV }, { COGNITO_PORT: '9300' }).cli).toEqual({ COGNITO_PORT: 9300 });
    expect(() => readEnv({ cli: USER_CLI_ENV }, { COGNITO_ENDPOINT: 'localhost:9229' })).toThrow(
      /COGNITO_ENDPOINT must be an http\(s\) URL/,
    );
  });
});
