import { ConfigError } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { notesFunctionConfigFromEnv } from './config.js';

/** What the infrastructure sets (apps/infra/src/constructs/notes-functions.ts), and AWS_REGION, which Lambda sets. */
const deployed = {
  AWS_REGION: 'eu-west-1',
  NOTES_TABLE: 'secure-notes-dev-notes',
  NOTES_CURSOR_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor-AbC123',
  COGNITO_CLIENT_IDS: 'client1,client2',
  CORS_ORIGINS: '',
  LOG_LEVEL: 'info',
  POWERTOOLS_SERVICE_NAME: 'secure-notes-api',
};

describe('notesFunctionConfigFromEnv', () => {
  it('names the page-token secret and takes no value of it, even one left in the environment', () => {
    const config = notesFunctionConfigFromEnv({ ...deployed, NOTES_CURSOR_SECRET: 'v'.repeat(40) });

    expect(JSON.stringify(config)).not.toContain('v'.repeat(40));
    expect(config.cursorSecretId).toBe(deployed.NOTES_CURSOR_SECRET_ID);
  });

  it('reads the environment the infrastructure gives the function, with the defaults for the rest', () => {
    expect(notesFunctionConfigFromEnv(deployed)).toEqual({
      store: { tableName: 'secure-notes-dev-notes', region: 'eu-west-1' },
      appClientIds: ['client1', 'client2'],
      cursorSecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor-AbC123',
      corsOrigins: [],
      bodyLimitBytes: 300 * 1024,
      storageBudgetMs: 3000,
      logLevel: 'info',
      powertoolsLogLevel: 'INFO',
      serviceName: 'secure-notes-api',
    });
  });

  it('takes LOG_LEVEL as pino or Powertools names it, and the tutorial’s table by default', () => {
    const config = notesFunctionConfigFromEnv({ ...deployed, NOTES_TABLE: undefined, LOG_LEVEL: 'fatal' });

    expect(config.store.tableName).toBe('Notes');
    expect(config.powertoolsLogLevel).toBe('CRITICAL');
  });

  it('lists every problem at once, each naming its variable', () => {
    let error: unknown;
    try {
      notesFunctionConfigFromEnv({ LOG_LEVEL: 'loud', BODY_LIMIT_BYTES: '10', NOTES_TABLE: 'x' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual([
      'AWS_REGION',
      'NOTES_CURSOR_SECRET_ID',
      'NOTES_TABLE',
      'BODY_LIMIT_BYTES',
      'COGNITO_CLIENT_IDS',
      'LOG_LEVEL',
    ]);
    expect((error as Error).message).toMatch(
      /^The notes function is misconfigured; set these environment variables:\n/,
    );
  });
});
