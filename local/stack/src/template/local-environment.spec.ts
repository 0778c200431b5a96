/**
 * What the local stack adds to a function's environment is one list, documented in the README,
 * and nothing outside it reaches a function.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_ENVIRONMENT, type LocalResources, localEnvironment } from './local-environment.js';
import type { TemplateFunction } from './template-model.js';

const resources: LocalResources = {
  tableName: 'LocalNotes',
  userPoolId: 'us-east-1_local',
  clientIds: { WebClient: 'web', MachineClient: 'machine' },
  secrets: { CursorSecret: 'local-secret' },
  placeholders: { 'https://local-api.invalid': ['http://localhost:4321'] },
};

function fn(environment: TemplateFunction['environment']): TemplateFunction {
  return {
    logicalId: 'NotesFunction',
    type: 'AWS::Lambda::Function',
    assetPath: 'asset.1',
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    memorySizeMb: 256,
    timeoutSeconds: 10,
    architectures: ['arm64'],
    environment,
  };
}

const local = (f: TemplateFunction, additions: Record<string, string | undefined> = {}) =>
  localEnvironment(f, resources, additions, 'Table', 'Pool');

describe('a function’s local environment', () => {
  it('is the README’s list of additions, no more and no less', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('What the local stack adds is this list'));
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

    expect(documented).toEqual(LOCAL_ENVIRONMENT.map((entry) => entry.name));
  });

  it('resolves the table, pool, clients and secret, and fills placeholders', () => {
    const environment = local(
      fn({
        NOTES_TABLE: { Ref: 'Table' },
        COGNITO_USER_POOL_ID: { Ref: 'Pool' },
        COGNITO_CLIENT_IDS: { 'Fn::Join': [',', [{ Ref: 'WebClient' }, { Ref: 'MachineClient' }]] },
        NOTES_CURSOR_SECRET: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'CursorSecret' }, ':SecretString:::}}']],
        },
        HOME_PAGE: 'https://local-api.invalid/',
        TIMEOUT: 5,
      }),
    );

    expect(environment).toEqual({
      NOTES_TABLE: 'LocalNotes',
      COGNITO_USER_POOL_ID: 'us-east-1_local',
      COGNITO_CLIENT_IDS: 'web,machine',
      NOTES_CURSOR_SECRET: 'local-secret',
      HOME_PAGE: 'http://localhost:4321/',
      TIMEOUT: '5',
    });
  });

  it('adds a listed variable only where its condition holds, and leaves out an absent one', () => {
    const additions = {
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      COGNITO_ISSUER: 'http://localhost:9229/p',
      AWS_SESSION_TOKEN: undefined,
    };

    expect(local(fn({ NOTES_TABLE: { Ref: 'Table' } }), additions)).toEqual({
      NOTES_TABLE: 'LocalNotes',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });
    expect(local(fn({ COGNITO_USER_POOL_ID: { Ref: 'Pool' } }), additions)).toEqual({
      COGNITO_USER_POOL_ID: 'us-east-1_local',
      COGNITO_ISSUER: 'http://localhost:9229/p',
    });
  });

  it('refuses a variable outside the list, naming the function, the variable and where to add it', () => {
    expect(() => local(fn({}), { NOTES_DEBUG: '1' })).toThrow(
      /NotesFunction \(AWS::Lambda::Function\): the local stack would add NOTES_DEBUG, which is not in LOCAL_ENVIRONMENT/,
    );
  });

  it('refuses a reference to a resource it has no value for, or an intrinsic it cannot resolve', () => {
    expect(() => local(fn({ QUEUE_URL: { Ref: 'Queue' } }))).toThrow(
      /environment variable QUEUE_URL refers to Queue, a resource the local stack has no value for/,
    );
    expect(() => local(fn({ ARN: { 'Fn::GetAtt': ['Table', 'Arn'] } }))).toThrow(/environment variable ARN is/);
    expect(() =>
      local(fn({ S: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Other' }, ':SecretString:::}}']] } })),
    ).toThrow(/resolves secret Other/);
  });
});
