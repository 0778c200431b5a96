/**
 * The Lambda runtime's refusals: what it cannot run says so, with the setting or the command
 * that fixes it.
 */
import 'reflect-metadata';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startLambdaApi } from './lambda-runtime.js';
import { startLocalStack } from './local-stack.js';

const logger = pino({ level: 'silent' });

describe('the Lambda runtime', () => {
  it('refuses the memory store, naming both settings', async () => {
    const attempt = startLocalStack({
      apiPort: 0,
      cognitoPort: 0,
      s3Port: 0,
      store: 'memory',
      apiRuntime: 'lambda',
      logger,
    });

    await expect(attempt).rejects.toThrow(/NOTES_STORE=memory cannot run with API_RUNTIME=lambda/);
  });

  it('refuses to start without the bundles, naming the command that builds them', async () => {
    const missing = '/nonexistent/bundle/index.mjs';

    const attempt = startLambdaApi({
      host: '127.0.0.1',
      port: 0,
      logger,
      authorizer: 'token',
      region: 'us-east-1',
      pool: {
        userPoolId: 'us-east-1_Abc',
        clientIds: ['client'],
        issuer: 'http://localhost:1/p',
        jwksUri: 'http://localhost:1/j',
      },
      tableEnvironment: { NOTES_TABLE: 'Notes' },
      cursorSecret: 'x'.repeat(32),
      corsOrigins: [],
      outsideStage: (_req, res) => res.end(),
      bundles: { notes: missing, token: missing, request: missing },
    });

    await expect(attempt).rejects.toThrow(/run `pnpm build:lambdas` first/);
  });
});
