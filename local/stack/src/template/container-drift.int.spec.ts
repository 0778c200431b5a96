/**
 * The Express runtime runs with what the container mode's template gives the server: the
 * template is synthesized (or taken from the shared cache) once, read, and then changed the ways
 * a person could break the CDK code's task definition. Each change stops the start with a message
 * naming the task definition and the variable, instead of a server that would run differently
 * from the deployed one.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContainerLocalSide, containerFromTemplate } from './container-from-template.js';
import { localSynthContext, WEB_APP_ORIGIN_PLACEHOLDER } from './local-context.js';
import { type SynthesizedTemplate, synthesizedTemplate } from './synth-cache.js';

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
const SECRET = 's'.repeat(64);
const WEB_ORIGIN = 'http://localhost:5999';
const OWN_ORIGIN = 'https://app.example.com';

let synthesized: SynthesizedTemplate;
beforeAll(async () => {
  // The context `npm start` synthesizes the container with, so that it shares the cache's entry.
  synthesized = await synthesizedTemplate({ mode: 'container', repositoryRoot, context: localSynthContext([]) });
}, 300_000);

type Mutable = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
type Pair = { Name: string; Value?: unknown; ValueFrom?: unknown };

function templateCopy(): Mutable {
  return structuredClone(synthesized.template) as Mutable;
}

function idsOf(template: Mutable, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id)
    .sort();
}

function taskDefinitionId(template: Mutable): string {
  const [id] = idsOf(template, 'AWS::ECS::TaskDefinition');
  expect(id).toBeDefined();
  return id as string;
}

/** The container's `Environment` or `Secrets` list, for a test to change. */
function pairs(template: Mutable, key: 'Environment' | 'Secrets'): Pair[] {
  const definitions = template.Resources[taskDefinitionId(template)]?.Properties.ContainerDefinitions as Record<
    string,
    Pair[]
  >[];
  return definitions[0]?.[key] as Pair[];
}

/** What `npm start` hands the reader: local values for the template's resources, and its own settings. */
function localSide(template: Mutable): ContainerLocalSide {
  const clients = idsOf(template, 'AWS::Cognito::UserPoolClient');
  return {
    tableRef: idsOf(template, 'AWS::DynamoDB::Table')[0] as string,
    poolRef: idsOf(template, 'AWS::Cognito::UserPool')[0] as string,
    resources: {
      tableName: 'LocalNotes',
      userPoolId: 'us-east-1_Local123',
      region: 'us-east-1',
      clientIds: Object.fromEntries(clients.map((id, index) => [id, `client${index}`])),
      templateClients: new Set(clients),
      secrets: {},
      bucketName: 'local-attachments',
      buckets: idsOf(template, 'AWS::S3::Bucket'),
      placeholders: { [WEB_APP_ORIGIN_PLACEHOLDER]: [WEB_ORIGIN] },
    },
    secretValues: Object.fromEntries(idsOf(template, 'AWS::SecretsManager::Secret').map((id) => [id, SECRET])),
    corsOrigins: [OWN_ORIGIN],
    additions: {
      PORT: '0',
      HOST: '127.0.0.1',
      NOTES_STORE: 'dynamodb',
      TRUST_PROXY: '0',
      LOG_LEVEL: 'warn',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      COGNITO_ISSUER: 'http://localhost:9229/us-east-1_Local123',
      COGNITO_JWKS_URI: 'http://localhost:9229/us-east-1_Local123/.well-known/jwks.json',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
      RATE_LIMIT_PER_MINUTE: '6000',
    },
  };
}

const configure = (template: Mutable) => containerFromTemplate(template, localSide(template));

describe('the Express server configured from the container template', () => {
  it('runs the task definition’s settings, the local values under the same names', () => {
    // prepare
    const template = templateCopy();

    // act
    const { config, container } = configure(template);

    // assert
    expect(container.logicalId).toBe(taskDefinitionId(template));
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      tableName: 'LocalNotes',
      region: 'us-east-1',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
      cursorSecret: SECRET,
      logLevel: 'warn',
      trustProxy: 0,
      rateLimits: { perCallerPerMinute: 6000 },
      attachments: { bucket: { bucket: 'local-attachments', endpoint: 'http://127.0.0.1:4566' } },
    });
    // The template's three app clients (web, machine, the web app's), mapped to the local ones.
    expect(config.cognito.userPoolId).toBe('us-east-1_Local123');
    expect([...config.cognito.clientIds].sort()).toEqual(['client0', 'client1', 'client2']);
    // The web app's origin (the distribution's, filled locally) first, then the stack's CORS_ORIGINS.
    expect(config.corsOrigins).toEqual([WEB_ORIGIN, OWN_ORIGIN]);
  });

  it('stops when a variable is renamed in the task definition, naming it', () => {
    // prepare
    const template = templateCopy();
    const table = pairs(template, 'Environment').find((pair) => pair.Name === 'NOTES_TABLE') as Pair;
    table.Name = 'NOTES_TABLE_NAME';

    // act + assert
    expect(() => configure(template)).toThrow(
      new RegExp(
        `${taskDefinitionId(template)} \\(AWS::ECS::TaskDefinition\\): sets NOTES_TABLE_NAME, which the server does not read`,
      ),
    );
  });

  it('stops when the secret is renamed, naming it', () => {
    // prepare
    const template = templateCopy();
    (pairs(template, 'Secrets')[0] as Pair).Name = 'CURSOR_SECRET';

    // act + assert
    expect(() => configure(template)).toThrow(/sets CURSOR_SECRET, which the server does not read/);
  });

  it('stops when a variable the server needs is dropped, naming it', () => {
    // prepare
    const template = templateCopy();
    const environment = pairs(template, 'Environment');
    environment.splice(
      environment.findIndex((pair) => pair.Name === 'COGNITO_USER_POOL_ID'),
      1,
    );

    // act + assert
    expect(() => configure(template)).toThrow(
      /the server refuses the container's environment[\s\S]*COGNITO_USER_POOL_ID/,
    );
  });

  it('stops when a variable refers to a resource the local stack has no value for, naming it', () => {
    // prepare
    const template = templateCopy();
    const table = pairs(template, 'Environment').find((pair) => pair.Name === 'NOTES_TABLE') as Pair;
    table.Value = { 'Fn::GetAtt': [idsOf(template, 'AWS::DynamoDB::Table')[0], 'Arn'] };

    // act + assert
    expect(() => configure(template)).toThrow(
      /environment variable NOTES_TABLE is .*which the local stack cannot resolve/,
    );
  });

  it('stops when the local stack would set a variable outside LOCAL_ENVIRONMENT', () => {
    // prepare
    const template = templateCopy();
    const side = localSide(template);

    // act + assert
    expect(() =>
      containerFromTemplate(template, { ...side, additions: { ...side.additions, NOTES_DEBUG: '1' } }),
    ).toThrow(/would add NOTES_DEBUG, which is not in LOCAL_ENVIRONMENT/);
  });
});
