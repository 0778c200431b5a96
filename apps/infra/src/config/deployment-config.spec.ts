import { describe, expect, it } from 'vitest';
import {
  CONTEXT_DEFAULTS,
  DeploymentConfigError,
  deploymentModeOf,
  readDeploymentConfig,
} from './deployment-config.js';

const read = (context: Record<string, unknown>) =>
  readDeploymentConfig({ tryGetContext: (key: string) => context[key] });

function problemsOf(context: Record<string, unknown>): string {
  try {
    read(context);
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be refused`);
}

const container = {
  runtime: 'container',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234',
  domainName: 'notes.example.com',
};

describe('readDeploymentConfig', () => {
  it("defaults to the tutorial's deployment: dev, the Cognito authorizer, Lambda, the local callback page", () => {
    expect(read({})).toEqual({
      stage: 'dev',
      authorizer: 'cognito',
      runtime: 'lambda',
      callbackUrls: ['http://localhost:3000/callback'],
      logoutUrls: ['http://localhost:3000/'],
      corsOrigins: [],
      logLevel: 'info',
      limits: { stageRatePerSecond: 50, stageBurst: 100, addressRequests: 1000, addressWindowSeconds: 300 },
    });
  });

  it("reads what the CLI's -c gives (strings) and what cdk.json may hold (lists)", () => {
    const config = read({
      stage: 'prod',
      authorizer: 'request',
      domainPrefix: 'my-notes',
      callbackUrls: ' https://app.example.com/callback , https://app.example.com/other ',
      logoutUrls: ['https://app.example.com/'],
      corsOrigins: 'https://app.example.com/,https://app.example.com,http://localhost:5173',
      logLevel: 'debug',
      alarmEmail: 'ops@example.com',
    });
    expect(config).toEqual({
      stage: 'prod',
      authorizer: 'request',
      runtime: 'lambda',
      domainPrefix: 'my-notes',
      callbackUrls: ['https://app.example.com/callback', 'https://app.example.com/other'],
      logoutUrls: ['https://app.example.com/'],
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      logLevel: 'debug',
      alarmEmail: 'ops@example.com',
      limits: { stageRatePerSecond: 50, stageBurst: 100, addressRequests: 1000, addressWindowSeconds: 300 },
    });
  });

  it('reads the request limits as the CLI gives them (strings) or cdk.json may hold them (numbers)', () => {
    const config = read({
      stageRateLimit: '5000',
      stageBurstLimit: 2000,
      addressRateLimit: '10',
      addressRateWindow: '60',
    });

    expect(config.limits).toEqual({
      stageRatePerSecond: 5000,
      stageBurst: 2000,
      addressRequests: 10,
      addressWindowSeconds: 60,
    });
  });

  it('refuses limits AWS WAF would refuse mid-deploy: under 10 requests, or a window it does not offer', () => {
    const message = problemsOf({ addressRateLimit: '9', addressRateWindow: '30', stageRateLimit: 'fast' });

    expect(message).toContain('addressRateLimit is "9", but must be a whole number from 10 to 2000000000');
    expect(message).toContain('addressRateWindow is "30", but must be one of 60, 120, 300, 600');
    expect(message).toContain('stageRateLimit is "fast", but must be a whole number');
  });

  it('needs a certificate and a host name for the container, which serves HTTPS only', () => {
    expect(read(container)).toMatchObject({
      runtime: 'container',
      container: { certificateArn: container.certificateArn, domainName: 'notes.example.com' },
    });
    const message = problemsOf({ runtime: 'container' });
    expect(message).toContain('certificateArn is required with runtime=container');
    expect(message).toContain('domainName is required with runtime=container');
  });

  it('refuses a Lambda authorizer for the container, and container settings for Lambda', () => {
    expect(problemsOf({ ...container, authorizer: 'token' })).toContain(
      'authorizer is "token", but applies to runtime=lambda only',
    );
    expect(problemsOf({ certificateArn: container.certificateArn })).toContain(
      'certificateArn applies to runtime=container only',
    );
  });

  it('names every bad key at once, with what it is for', () => {
    const message = problemsOf({ stage: 'Prod!', authorizer: 'lambda', runtime: 'ec2', logLevel: 'loud' });
    expect(message).toMatch(/^Invalid CDK context; fix these in apps\/infra\/cdk\.json or with -c key=value/);
    expect(message).toContain('stage is "Prod!", but must be 1-16 lowercase letters');
    expect(message).toContain('authorizer is "lambda", but must be one of cognito, token, request');
    expect(message).toContain('runtime is "ec2", but must be one of lambda, container');
    expect(message).toContain('logLevel is "loud", but must be one of error, warn, info, debug, trace, silent');
    expect(message).toContain('(cognito (the Cognito authorizer, tutorial Part VI)');
  });

  it('accepts only redirect URLs Cognito accepts: HTTPS, plain HTTP for localhost, no fragment', () => {
    expect(problemsOf({ callbackUrls: 'http://app.example.com/callback' })).toContain(
      '"http://app.example.com/callback" must use https (plain http only for localhost)',
    );
    expect(problemsOf({ callbackUrls: 'https://app.example.com/#done' })).toContain('must not have a fragment');
    expect(problemsOf({ logoutUrls: 'not a url' })).toContain('"not a url" is not an absolute URL');
    expect(problemsOf({ callbackUrls: '' })).toContain('callbackUrls needs at least 1 value');
  });

  it('accepts origins as browsers send them, and no path or wildcard', () => {
    expect(problemsOf({ corsOrigins: 'https://app.example.com/app' })).toContain('is not an origin such as');
    expect(problemsOf({ corsOrigins: '*' })).toContain('is a wildcard');
    expect(problemsOf({ corsOrigins: 'https://*.example.com' })).toContain('is a wildcard');
  });

  it('refuses a domain prefix Cognito would refuse', () => {
    expect(problemsOf({ domainPrefix: 'My_Notes' })).toContain('must be 1-63 lowercase letters');
    expect(problemsOf({ domainPrefix: 'my-cognito-notes' })).toContain('must not contain "cognito"');
    expect(problemsOf({ domainPrefix: 'aws-notes' })).toContain('must not contain "aws"');
  });

  it('refuses values of the wrong type from cdk.json', () => {
    expect(problemsOf({ stage: 3 })).toContain('stage must be a string, not 3');
    expect(problemsOf({ corsOrigins: [1] })).toContain('corsOrigins must be a comma-separated string or a list');
  });

  it('refuses a stage holding a word Cognito reserves, which the default managed login prefix would carry', () => {
    for (const stage of ['aws', 'my-amazon', 'cognito2']) {
      const message = problemsOf({ stage });

      expect(message).toContain(`stage is "${stage}", but contains`);
      expect(message).toContain('choose another stage, or set domainPrefix');
    }
    expect(read({ stage: 'awsdev', domainPrefix: 'my-notes-dev' }).stage).toBe('awsdev');
  });

  it('keeps its defaults in step with cdk.json', async () => {
    const { readFileSync } = await import('node:fs');
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    };
    for (const [key, value] of Object.entries(CONTEXT_DEFAULTS)) expect(cdkJson.context[key], key).toBe(value);
  });
});

describe('deploymentModeOf', () => {
  it('is the authorizer on Lambda, and container for the container', () => {
    expect(deploymentModeOf({ runtime: 'lambda', authorizer: 'token' })).toBe('token');
    expect(deploymentModeOf({ runtime: 'container', authorizer: 'cognito' })).toBe('container');
  });
});
