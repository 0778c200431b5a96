/**
 * The environment the infrastructure gives each function and the container uses the names the
 * code reads: every variable set here is one that the process's own schema reads (a renamed or
 * misspelt one would be ignored in production, silently), and each literal value is one it accepts.
 */
import { AUTHORIZER_SCHEMAS } from '@secure-notes/lambda-authorizer/config';
import { NOTES_FUNCTION_SCHEMAS } from '@secure-notes/lambda-notes/config';
import { SERVER_SCHEMAS } from '@secure-notes/server';
import { type EnvSchemas, readEnv, variablesOf } from '@secure-notes/service-kit/config';
import type { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSecureNotesApp } from './app.js';
import type { DeploymentMode } from './config/deployment-config.js';
import {
  cdkJsonContext,
  makeFixtureAssets,
  modeContext,
  SYNTH_TIMEOUT,
  TEST_REGION,
  temporaryFolder,
} from './testing/synth.js';

/** Set for the runtime itself, not read by the code. */
const RUNTIME_VARIABLES = ['NODE_OPTIONS'];

/** The stack as built, unsynthesized: what the environments hold needs no validation of the whole app. */
function stackOf(mode: DeploymentMode, context: Record<string, unknown>): Stack {
  return createSecureNotesApp({
    context: { ...cdkJsonContext(), ...modeContext(mode), ...context },
    outdir: temporaryFolder('secure-notes-cdk-out-'),
    assets: makeFixtureAssets(),
    region: TEST_REGION,
  }).stack;
}

function functionEnvironments(stack: Stack): Record<string, unknown>[] {
  return stack.node
    .findAll()
    .filter((construct): construct is lambda.CfnFunction => construct instanceof lambda.CfnFunction)
    .map((fn) => (stack.resolve(fn.environment) as { variables: Record<string, unknown> }).variables);
}

/** Checks the names, and reads the literal values (CloudFormation references stand for values of their own). */
function expectReadBy(schemas: EnvSchemas, environment: Record<string, unknown>, filler: Record<string, string>) {
  const names = Object.keys(environment).filter((name) => !RUNTIME_VARIABLES.includes(name));
  expect(names.filter((name) => !variablesOf(schemas).includes(name))).toEqual([]);
  const literal = Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  expect(() => readEnv(schemas, { ...filler, ...literal }, { onWarning: () => {} })).not.toThrow();
}

describe('the environment the infrastructure sets', { timeout: SYNTH_TIMEOUT }, () => {
  const tokenStack = stackOf('token', { corsOrigins: 'https://app.example.com', logLevel: 'debug' });
  const containerStack = stackOf('container', { corsOrigins: 'https://app.example.com' });
  // What CloudFormation resolves at deploy time, and what Lambda sets itself.
  const filler = {
    AWS_REGION: 'eu-west-1',
    NOTES_TABLE: 'secure-notes-dev-notes',
    NOTES_CURSOR_SECRET: 's'.repeat(40),
    NOTES_CURSOR_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorSecret-AbC123',
    COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
    COGNITO_CLIENT_IDS: 'client1',
  };

  it('gives the notes function only variables it reads, with values it accepts', () => {
    const notes = functionEnvironments(tokenStack).find(
      (environment) => environment.POWERTOOLS_SERVICE_NAME === 'secure-notes-api',
    );

    expect(notes).toBeDefined();
    expectReadBy(NOTES_FUNCTION_SCHEMAS, notes!, filler);
  });

  it('gives the authorizer only variables it reads, with values it accepts', () => {
    const authorizer = functionEnvironments(tokenStack).find(
      (environment) => environment.POWERTOOLS_SERVICE_NAME === 'secure-notes-authorizer',
    );

    expect(authorizer).toBeDefined();
    expectReadBy(AUTHORIZER_SCHEMAS, authorizer!, filler);
  });

  it('gives the container only variables the server reads, its secret included', () => {
    const [task] = containerStack.node
      .findAll()
      .filter((construct): construct is ecs.CfnTaskDefinition => construct instanceof ecs.CfnTaskDefinition);
    const [definition] = containerStack.resolve(task?.containerDefinitions) as {
      environment: { name: string; value: unknown }[];
      secrets: { name: string }[];
    }[];
    const environment = Object.fromEntries(definition!.environment.map(({ name, value }) => [name, value]));
    const secrets = definition!.secrets.map(({ name }) => name);

    expectReadBy(SERVER_SCHEMAS, environment, filler);
    expect(secrets.filter((name) => !variablesOf(SERVER_SCHEMAS).includes(name))).toEqual([]);
  });
});
