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

  it('names the variable that is wrong', () => {
    // act / assert
    expect(() => readCliConfig({ COGNITO_PORT: 'abc' })).toThrow(/COGNITO_PORT/);
    expect(() => readCliConfig({ COGNITO_REGION: 'mars' })).toThrow(/COGNITO_REGION/);
    expect(() => readCliConfig({ COGNITO_PUBLIC_URL: 'localhost' })).toThrow(/COGNITO_PUBLIC_URL/);
  });
});
