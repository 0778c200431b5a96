import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const minimal = {
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
  COGNITO_CLIENT_IDS: 'client1, client2',
  NOTES_CURSOR_SECRET: 's'.repeat(32),
};

function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('turns attachments on with a bucket, against a local S3 when AWS_ENDPOINT_URL_S3 names one, with its limits', () => {
    const config = loadConfig({
      ...minimal,
      ATTACHMENTS_BUCKET: 'notes-attachments',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
      ATTACHMENT_MAX_BYTES: '2048',
    });

    expect(config.attachments?.bucket).toEqual({
      bucket: 'notes-attachments',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
    });
    expect(config.attachments?.settings.maxBytes).toBe(2048);
    expect(loadConfig(minimal).attachments).toBeUndefined();
  });

  it('refuses a bucket name S3 would refuse and a content type that renders, naming each variable', () => {
    const message = errorOf({ ...minimal, ATTACHMENTS_BUCKET: 'Not_A_Bucket', ATTACHMENT_CONTENT_TYPES: 'text/html' });

    expect(message).toMatch(/ATTACHMENTS_BUCKET must be an S3 bucket name/);
    expect(message).toMatch(
      /ATTACHMENT_CONTENT_TYPES must list allowed content types: text\/html may render as a page/,
    );
  });

  it('fills in the defaults and takes the region from the user pool id', () => {
    const config = loadConfig(minimal);

    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      store: 'dynamodb',
      tableName: 'Notes',
      region: 'eu-west-1',
      cognito: { userPoolId: 'eu-west-1_AbC123xyz', clientIds: ['client1', 'client2'] },
      cursorSecret: 's'.repeat(32),
      corsOrigins: [],
      logLevel: 'info',
      bodyLimitBytes: 300 * 1024,
      shutdownTimeoutMs: 10_000,
      storageBudgetMs: 3_000,
      rateLimits: { perCallerPerMinute: 600, perAddressPerMinute: 1200 },
      trustProxy: 0,
    });
  });

  it('reads a local endpoint, issuer and origins', () => {
    const config = loadConfig({
      ...minimal,
      PORT: '8080',
      NOTES_STORE: 'memory',
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      COGNITO_ISSUER: 'http://localhost:9229/eu-west-1_AbC123xyz',
      CORS_ORIGINS: 'http://localhost:5173,https://notes.example.com',
    });

    expect(config).toMatchObject({
      port: 8080,
      store: 'memory',
      dynamoDbEndpoint: 'http://localhost:8000',
      cognito: { issuer: 'http://localhost:9229/eu-west-1_AbC123xyz' },
      corsOrigins: ['http://localhost:5173', 'https://notes.example.com'],
    });
  });

  it('names every missing variable and says what it is for', () => {
    const message = errorOf({});

    expect(message).toContain('COGNITO_USER_POOL_ID is required');
    expect(message).toContain('— the Cognito user pool whose tokens are accepted');
    expect(message).toContain('NOTES_CURSOR_SECRET is required');
  });

  it('names the variable and the problem for a bad value', () => {
    const message = errorOf({
      ...minimal,
      PORT: 'eighty',
      NOTES_CURSOR_SECRET: 'short',
      DYNAMODB_ENDPOINT: 'localhost',
    });

    expect(message).toContain('PORT must be a port number from 0 to 65535, got "eighty" — the port the API listens on');
    expect(message).toContain('NOTES_CURSOR_SECRET must be at least 32 characters');
    expect(message).toContain('DYNAMODB_ENDPOINT must be an http(s) URL such as http://localhost:8000');
  });

  it('accepts exactly the pool and client ids the Cognito verifier accepts', () => {
    const localClient = loadConfig({ ...minimal, COGNITO_CLIENT_IDS: 'local-client_1' });

    expect(localClient.cognito.clientIds).toEqual(['local-client_1']);
    expect(errorOf({ ...minimal, COGNITO_USER_POOL_ID: 'us-east-1-AbC' })).toContain(
      'COGNITO_USER_POOL_ID must be a user pool id such as us-east-1_AbC123xyz',
    );
    expect(errorOf({ ...minimal, COGNITO_CLIENT_IDS: 'client+1' })).toContain(
      'COGNITO_CLIENT_IDS must be app client ids',
    );
  });

  it('keeps CORS origins as browsers send them and refuses anything with a path', () => {
    const config = loadConfig({ ...minimal, CORS_ORIGINS: 'https://app.example.com/, http://localhost:5173' });

    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(errorOf({ ...minimal, CORS_ORIGINS: 'https://app.example.com/notes' })).toContain(
      'CORS_ORIGINS must be origins such as https://app.example.com (no path)',
    );
    expect(errorOf({ ...minimal, CORS_ORIGINS: 'ftp://files.example.com' })).toContain('CORS_ORIGINS must be origins');
  });

  it('refuses a JWKS URI without the issuer it belongs to', () => {
    expect(errorOf({ ...minimal, COGNITO_JWKS_URI: 'http://localhost:9229/keys.json' })).toContain(
      'COGNITO_JWKS_URI needs COGNITO_ISSUER too',
    );
  });

  it('binds port 0 (a free port, what tests ask for) and reads LOG_LEVEL in any case', () => {
    const config = loadConfig({ ...minimal, PORT: '0', LOG_LEVEL: 'DEBUG' });

    expect(config.port).toBe(0);
    expect(config.logLevel).toBe('debug');
  });

  it("lists every problem at once, the adapters' and its own", () => {
    const message = errorOf({ PORT: '-1', NOTES_TABLE: 'x', CORS_ORIGINS: 'localhost', TRUST_PROXY: '11' });

    expect(
      message
        .split('\n')
        .filter((line) => line.startsWith('  - '))
        .map((line) => line.split(' ')[3]),
    ).toEqual([
      'PORT',
      'TRUST_PROXY',
      'NOTES_CURSOR_SECRET',
      'CORS_ORIGINS',
      'COGNITO_USER_POOL_ID',
      'COGNITO_CLIENT_IDS',
      'NOTES_TABLE',
    ]);
  });

  it('never repeats a secret it rejects', () => {
    const message = errorOf({ ...minimal, NOTES_CURSOR_SECRET: 'hunter2-secret' });

    expect(message).not.toContain('hunter2');
  });
});
