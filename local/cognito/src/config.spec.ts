import { describe, expect, it } from 'vitest';
import { readCliConfig } from './config.js';

describe('readCliConfig', () => {
  it('uses the defaults when nothing is set', () => {
    // act
    const config = readCliConfig({});

    // assert
    expect(config).toEqual({
      options: { port: 9229, host: '127.0.0.1', dataDir: '.data/local-cognito' },
      logLevel: 'info',
    });
  });

  it('reads every variable, with :memory: for no data folder', () => {
    // act
    const config = readCliConfig({
      COGNITO_PORT: '9300',
      COGNITO_HOST: '0.0.0.0',
      COGNITO_DATA_DIR: ':memory:',
      COGNITO_REGION: 'eu-west-2',
      COGNITO_PUBLIC_URL: 'http://localhost:9300',
      COGNITO_CALLBACK_URLS: 'http://localhost:3000/callback, http://localhost:5173/callback',
      COGNITO_LOGOUT_URLS: 'http://localhost:3000/',
      LOG_LEVEL: 'debug',
    });

    // assert
    expect(config).toEqual({
      options: {
        port: 9300,
        host: '0.0.0.0',
        region: 'eu-west-2',
        publicUrl: 'http://localhost:9300',
        callbackUrls: ['http://localhost:3000/callback', 'http://localhost:5173/callback'],
        logoutUrls: ['http://localhost:3000/'],
      },
      logLevel: 'debug',
    });
  });

  it('names every variable that is wrong, at once', () => {
    // act / assert
    expect(() =>
      readCliConfig({
        COGNITO_PORT: 'abc',
        COGNITO_REGION: 'mars',
        COGNITO_PUBLIC_URL: 'localhost',
        LOG_LEVEL: 'loud',
      }),
    ).toThrow(
      /COGNITO_PORT must be a port number[\s\S]*COGNITO_REGION[\s\S]*COGNITO_PUBLIC_URL[\s\S]*LOG_LEVEL must be one of/,
    );
  });

  it('binds port 0 (a free port), as tests do', () => {
    expect(readCliConfig({ COGNITO_PORT: '0' }).options.port).toBe(0);
  });
});
