/**
 * Every setting `npm start` documents reaches the service it configures: the stack is started
 * from an environment exactly as main.ts starts it, and each service is asked what it got.
 */
import 'reflect-metadata';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { localStackSettingsFromEnv } from './config.js';
import { type LocalStack, startLocalStack } from './local-stack.js';

const logger = pino({ level: 'silent' });
const ORIGIN = 'http://localhost:5173';
let stack: LocalStack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function preflight(url: string): Promise<Response> {
  return fetch(`${url}/notes`, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization',
    },
  });
}

describe('the settings npm start reads', () => {
  it('CORS_ORIGINS=http://localhost:5173 npm start serves CORS to that origin', async () => {
    // prepare: the environment as a user gives it, read as main.ts reads it
    const settings = localStackSettingsFromEnv({
      CORS_ORIGINS: ORIGIN,
      NOTES_STORE: 'memory',
      PORT: '0',
      COGNITO_PORT: '0',
    });

    // act
    stack = await startLocalStack({ ...settings, logger });
    const answer = await preflight(stack.apiUrl);

    // assert
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('reads the same settings from an environment handed to startLocalStack', async () => {
    // act
    stack = await startLocalStack({
      apiPort: 0,
      cognitoPort: 0,
      store: 'memory',
      environment: { CORS_ORIGINS: ORIGIN, COGNITO_REGION: 'eu-west-1' },
      logger,
    });
    const answer = await preflight(stack.apiUrl);

    // assert
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(stack.cognito?.region).toBe('eu-west-1');
    expect(stack.cognito?.userPoolId.startsWith('eu-west-1_')).toBe(true);
  });

  it('names at start a setting the chosen store cannot use, instead of dropping it', async () => {
    // act
    stack = await startLocalStack({
      apiPort: 0,
      cognitoPort: 0,
      store: 'memory',
      environment: { NOTES_TABLE: 'MyNotes' },
      logger,
    });

    // assert
    expect(stack.notices).toEqual(['NOTES_TABLE is ignored: NOTES_STORE=memory keeps notes in memory, in no table']);
  });

  it('says at start which template’s task definition configures the Express server', async () => {
    // prepare
    const lines: string[] = [];

    // act
    stack = await startLocalStack({
      apiPort: 0,
      cognitoPort: 0,
      store: 'memory',
      logger,
      onProgress: (line) => lines.push(line),
    });

    // assert
    const run = stack.containerTemplate;
    expect(run?.templatePath).toMatch(/secure-notes-templates\/container-[0-9a-f]+\/template\.json$/);
    expect(lines).toContainEqual(
      expect.stringContaining(`Template: ${run?.templatePath} (the CDK app of apps/infra, runtime=container;`),
    );
    expect(lines).toContainEqual(expect.stringContaining(`${run?.taskDefinition} (AWS::ECS::TaskDefinition)`));
  });
});
