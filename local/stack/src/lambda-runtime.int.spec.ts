/**
 * The Lambda runtime's refusals (what it cannot run says so, with the setting or the command
 * that fixes it); the environment it gives the notes function: what the infrastructure sets,
 * plus only what its one list says, and never the page-token secret's value; and the limits in
 * front of its stage, at the values the infrastructure deploys.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ADDRESS_RATE_LIMIT, ADDRESS_RATE_LIMITED_ANSWER, STAGE_THROTTLING } from '@secure-notes/http-api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type LambdaApiOptions, LOCAL_ENVIRONMENT, startLambdaApi } from './lambda-runtime.js';
import { startLocalStack } from './local-stack.js';

const logger = pino({ level: 'silent' });

describe('the Lambda runtime', () => {
  it('refuses the memory store, naming both settings', async () => {
    const attempt = startLocalStack({
      apiPort: 0,
      cognitoPort: 0,
      s3Port: 0,
      webPort: 0,
      store: 'memory',
      apiRuntime: 'lambda',
      logger,
    });

    await expect(attempt).rejects.toThrow(/NOTES_STORE=memory cannot run with API_RUNTIME=lambda/);
  });

  it('refuses to start without the bundles, naming the command that builds them', async () => {
    const emptyRepository = mkdtempSync(join(tmpdir(), 'secure-notes-no-bundles-'));

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
      tableName: 'Notes',
      cursorSecret: 'x'.repeat(32),
      corsOrigins: [],
      outsideStage: (_req, res) => res.end(),
      repositoryRoot: emptyRepository,
    });

    await expect(attempt).rejects.toThrow(/run `pnpm build:lambdas` first/);
    rmSync(emptyRepository, { recursive: true, force: true });
  });

  it('gives the notes function the secret’s ARN and a Secrets Manager that answers for it, never the value', async () => {
    const secret = 'a-page-token-secret-of-forty-characters!';
    const gateway = await startLambdaApi({
      host: '127.0.0.1',
      port: 0,
      logger,
      authorizer: 'cognito',
      region: 'eu-west-1',
      pool: {
        userPoolId: 'eu-west-1_Abc',
        clientIds: ['client'],
        issuer: 'http://localhost:1/p',
        jwksUri: 'http://localhost:1/j',
      },
      tableName: 'Notes',
      attachmentEnvironment: { ATTACHMENTS_BUCKET: 'local-attachments' },
      dynamoDbEndpoint: 'http://127.0.0.1:1',
      cursorSecret: secret,
      corsOrigins: [],
      outsideStage: (_req, res) => res.end(),
    });
    try {
      const notes = gateway.template.api.functions.find(
        (fn) => fn.logicalId === gateway.template.api.methods[0]?.function,
      );
      const env = gateway.functions.get(notes?.logicalId ?? '')?.config.environment ?? {};
      // What the template (apps/infra's notes-functions.ts) sets for the deployed function.
      const deployed = Object.keys(notes?.environment ?? {});
      const common = ['LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME'];
      const client = new SecretsManagerClient({
        region: 'eu-west-1',
        endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? 'http://the-stand-in-is-missing.invalid',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const read = await client.send(new GetSecretValueCommand({ SecretId: env.NOTES_CURSOR_SECRET_ID }));
      client.destroy();

      expect(Object.values(env)).not.toContain(secret);
      expect(env.NOTES_CURSOR_SECRET_ID).toMatch(/^arn:aws:secretsmanager:eu-west-1:/);
      expect(read.SecretString).toBe(secret);
      for (const name of Object.keys(env)) {
        expect([...deployed, ...common, ...LOCAL_ENVIRONMENT.map((entry) => entry.name)], name).toContain(name);
      }
    } finally {
      await gateway.close();
    }
  });
});

// Requests to a path no route defines: the limits count them, and nothing else runs.
describe('the limits in front of the stage, at the deployed values', () => {
  const options: LambdaApiOptions = {
    host: '127.0.0.1',
    port: 0,
    logger,
    authorizer: 'cognito',
    region: 'us-east-1',
    pool: {
      userPoolId: 'us-east-1_Abc',
      clientIds: ['client'],
      issuer: 'http://localhost:1/p',
      jwksUri: 'http://localhost:1/j',
    },
    tableName: 'Notes',
    attachmentEnvironment: { ATTACHMENTS_BUCKET: 'local-attachments' },
    cursorSecret: 'x'.repeat(32),
    corsOrigins: [],
    outsideStage: (_req, res) => res.end(),
  };
  const burst = (url: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        fetch(url).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() })),
      ),
    );

  it("lets the stage's burst through, and throttles beyond what its rate refills meanwhile", async () => {
    const gateway = await startLambdaApi(options);
    try {
      const started = performance.now();
      const answers = await burst(`${gateway.invokeUrl}/nope`, STAGE_THROTTLING.burstLimit * 3);
      const seconds = (performance.now() - started) / 1000;

      const passed = answers.filter((a) => a.status === 403).length;
      const throttled = answers.filter((a) => a.status === 429);
      expect(passed + throttled.length).toBe(answers.length);
      expect(passed).toBeGreaterThanOrEqual(STAGE_THROTTLING.burstLimit);
      expect(passed).toBeLessThanOrEqual(STAGE_THROTTLING.burstLimit + Math.ceil(seconds * STAGE_THROTTLING.rateLimit));
      expect(throttled[0]?.text).toBe('{"message":"Too Many Requests"}');
    } finally {
      await gateway.close();
    }
  });

  it("answers the WAF rule's custom 429 to the address past its limit", async () => {
    const gateway = await startLambdaApi({ ...options, limits: { throttle: null } });
    try {
      const url = `${gateway.invokeUrl}/nope`;
      for (let sent = 0; sent < ADDRESS_RATE_LIMIT.limit; sent += 100) {
        const answers = await burst(url, Math.min(100, ADDRESS_RATE_LIMIT.limit - sent));
        expect(answers.every((a) => a.status === 403)).toBe(true);
      }

      const [limited] = await burst(url, 1);

      expect(limited?.status).toBe(ADDRESS_RATE_LIMITED_ANSWER.status);
      expect(JSON.parse(limited?.text ?? '')).toEqual(ADDRESS_RATE_LIMITED_ANSWER.body);
      expect(limited?.headers.get('retry-after')).toBe(String(ADDRESS_RATE_LIMITED_ANSWER.retryAfterSeconds));
    } finally {
      await gateway.close();
    }
  });
});
