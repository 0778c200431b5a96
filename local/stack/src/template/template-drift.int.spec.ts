/**
 * The local Lambda runtime runs what the CDK app's synthesized template states, and nothing
 * else: the template of each mode is synthesized (or taken from the shared cache) once, read,
 * and then changed the ways a person could break the CDK code. Each change either stops the
 * start with a message naming the resource, or reaches the local stack exactly as it would
 * reach the deployment, so that local runs show what the change does.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { NOTES_ROUTES } from '@secure-notes/http-api';
import { LambdaFunction } from '@secure-notes/local-api-gateway';
import { type LocalCognito, startLocalCognito } from '@secure-notes/local-cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_ORIGIN_PLACEHOLDER,
  AUTHORIZER_CACHE_TTL_SECONDS,
  type AuthorizerMode,
  localClientIds,
  localSynthContext,
  WEB_APP_ORIGIN_PLACEHOLDER,
} from '../lambda-runtime.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../secrets-manager-stand-in.js';
import { applyUserPool } from './cognito-from-template.js';
import { gatewayFromTemplate, type LocalSide } from './gateway-from-template.js';
import { readTemplate } from './read-template.js';
import { type SynthesizedTemplate, synthesizedTemplate } from './synth-cache.js';
import type { CfnTemplate, TemplateApi } from './template-model.js';

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
const SECRET = 's'.repeat(64);
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorSecret-LOCAL0';
const ORIGIN = 'https://app.example.com';
/** Where the local stack serves the API and the web app, in these tests. */
const LOCAL_ORIGIN = 'http://localhost:3999';

const synthesized = new Map<AuthorizerMode, SynthesizedTemplate>();
/** The cognito mode's with a browser origin: the runtime's templates allow none unless CORS_ORIGINS says so. */
let withCors: SynthesizedTemplate;
beforeAll(async () => {
  // The context `npm start` and the end-to-end suites synthesize with, so that they share the cache's entries.
  for (const mode of ['cognito', 'token', 'request'] as const) {
    synthesized.set(mode, await synthesizedTemplate({ mode, repositoryRoot, context: localSynthContext([]) }));
  }
  withCors = await synthesizedTemplate({ mode: 'cognito', repositoryRoot, context: localSynthContext([ORIGIN]) });
}, 300_000);

type Mutable = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
};

/** A copy of a mode's template, for a test to change. */
function templateOf(mode: AuthorizerMode): Mutable {
  return structuredClone((synthesized.get(mode) as SynthesizedTemplate).template) as Mutable;
}

/** The logical id of a resource of `type` whose properties satisfy `where` (the first by id). */
function idOf(
  template: Mutable,
  type: string,
  where: (props: Record<string, unknown>) => boolean = () => true,
): string {
  const ids = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type && where(r.Properties ?? {}))
    .map(([id]) => id);
  expect(ids.length).toBeGreaterThan(0);
  return ids.sort()[0] as string;
}

function notesFunctionId(template: Mutable): string {
  return idOf(template, 'AWS::Lambda::Function', (p) => JSON.stringify(p).includes('NOTES_TABLE'));
}

function localSide(mode: AuthorizerMode, api: TemplateApi): LocalSide {
  return {
    repositoryRoot,
    assets: (synthesized.get(mode) as SynthesizedTemplate).assets,
    issuer: 'http://localhost:9/us-east-1_local',
    jwksUri: 'http://localhost:9/us-east-1_local/.well-known/jwks.json',
    resources: {
      tableName: 'LocalNotes',
      userPoolId: 'us-east-1_local',
      clientIds: localClientIds(api, {
        userPoolId: 'us-east-1_local',
        issuer: 'http://localhost:9/us-east-1_local',
        jwksUri: 'http://localhost:9/us-east-1_local/.well-known/jwks.json',
        clients: { web: 'web-client', machine: 'machine-client' },
        clientIds: [],
      }),
      templateClients: new Set(api.userPool.clients.map((client) => client.logicalId)),
      secrets: Object.fromEntries(api.secrets.map((s) => [s.logicalId, SECRET])),
      secretArns: Object.fromEntries(api.secrets.map((s) => [s.logicalId, SECRET_ARN])),
      bucketName: 'local-attachments',
      buckets: api.buckets.map((bucket) => bucket.logicalId),
      placeholders: { [WEB_APP_ORIGIN_PLACEHOLDER]: [LOCAL_ORIGIN] },
    },
    additions: {
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      COGNITO_ISSUER: 'http://localhost:9/us-east-1_local',
    },
  };
}

/** What the local stack would run from `template`, or the error that stops its start. */
function run(mode: AuthorizerMode, template: Mutable, additions: Record<string, string> = {}) {
  const api = readTemplate(template as unknown as CfnTemplate);
  const side = localSide(mode, api);
  return { api, gateway: gatewayFromTemplate(api, { ...side, additions: { ...side.additions, ...additions } }) };
}

describe.each(['cognito', 'token', 'request'] as const)('the template of AUTHORIZER=%s, as synthesized', (mode) => {
  it('serves every route of the contract, each behind the template’s one authorizer, at its stage', () => {
    const { api, gateway } = run(mode, templateOf(mode));

    expect(gateway.stage).toBe('dev');
    expect(gateway.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      NOTES_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const [authorizer] = api.authorizers;
    expect(api.authorizers).toHaveLength(1);
    expect(new Set(gateway.routes.map((r) => r.authorizer))).toEqual(new Set([authorizer?.logicalId]));
    expect(authorizer?.kind).toBe(mode === 'cognito' ? 'COGNITO_USER_POOLS' : mode.toUpperCase());
  });

  it('gives the functions their template settings, the table, pool, clients and secret replaced by local values', () => {
    const template = templateOf(mode);
    const { gateway } = run(mode, template);
    const notes = gateway.functions.find((fn) => fn.name === notesFunctionId(template));

    expect(gateway.functions).toHaveLength(mode === 'cognito' ? 1 : 2);
    expect(notes?.bundle).toBe(resolve(repositoryRoot, 'apps/lambda-notes/bundle/index.mjs'));
    expect(notes).toMatchObject({ handler: 'handler', timeoutSeconds: 10, memorySizeMb: 256 });
    expect(notes?.environment).toMatchObject({
      NOTES_TABLE: 'LocalNotes',
      NOTES_CURSOR_SECRET_ID: SECRET_ARN,
      ATTACHMENTS_BUCKET: 'local-attachments',
      COGNITO_CLIENT_IDS: 'web-client,machine-client',
      CORS_ORIGINS: LOCAL_ORIGIN,
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    });
    for (const fn of gateway.functions) {
      expect(JSON.stringify(fn.environment)).not.toMatch(/Ref|Fn::|\{\{resolve/);
    }
  });

  it('runs the stage’s throttling as the template states it', () => {
    expect(run(mode, templateOf(mode)).gateway.throttling).toEqual({ rateLimit: 50, burstLimit: 100 });
  });

  it('allows the web app’s origin (its distribution’s, served locally at the API’s origin) and no other', () => {
    const { gateway } = run(mode, templateOf(mode));

    expect(gateway.cors?.origins).toEqual([LOCAL_ORIGIN]);
  });
});

describe('a template with a browser origin (corsOrigins)', () => {
  const runWithCors = () => {
    const api = readTemplate(withCors.template);
    return gatewayFromTemplate(api, { ...localSide('cognito', api), assets: withCors.assets });
  };

  it('runs its CORS preflights and the CORS headers of its gateway responses', () => {
    const gateway = runWithCors();

    expect([...(gateway.cors?.origins ?? [])].sort()).toEqual([ORIGIN, LOCAL_ORIGIN].sort());
    expect(gateway.cors).toMatchObject({ maxAgeSeconds: 600 });
    expect(gateway.cors?.allowHeaders).toContain('Authorization');
    expect(gateway.cors?.exposeHeaders).toContain('ETag');
    expect(gateway.functions[0]?.environment.CORS_ORIGINS?.split(',').sort()).toEqual([ORIGIN, LOCAL_ORIGIN].sort());
  });

  it('a resource left without its preflight stops the start, naming the API', () => {
    const template = structuredClone(withCors.template) as Mutable;
    delete template.Resources[
      idOf(
        template,
        'AWS::ApiGateway::Method',
        (p) => p.HttpMethod === 'OPTIONS' && JSON.stringify(p).includes('Ref":"ApiRestApinotesnoteId'),
      )
    ];

    const api = readTemplate(template as unknown as CfnTemplate);
    expect(() => gatewayFromTemplate(api, { ...localSide('cognito', api), assets: withCors.assets })).toThrow(
      /\(AWS::ApiGateway::RestApi\): the resources \/notes\/\{noteId\}\S* have no CORS preflight/,
    );
  });
});

describe('a template changed the ways the CDK code could break', () => {
  it('a Lambda authorizer’s result TTL other than the tutorial’s 300 s reaches the local authorizer', () => {
    const template = templateOf('token');
    const { gateway: before } = run('token', template);
    template.Resources[idOf(template, 'AWS::ApiGateway::Authorizer')]!.Properties.AuthorizerResultTtlInSeconds = 60;

    const { gateway: after } = run('token', template);

    expect(Object.values(before.authorizers)[0]).toMatchObject({ resultTtlSeconds: AUTHORIZER_CACHE_TTL_SECONDS });
    expect(Object.values(after.authorizers)[0]).toMatchObject({ resultTtlSeconds: 60 });
  });

  it('an authorizer dropped from one method stops the start, naming the method', () => {
    const template = templateOf('token');
    const method = idOf(template, 'AWS::ApiGateway::Method', (p) => p.HttpMethod === 'DELETE');
    delete template.Resources[method]!.Properties.AuthorizerId;
    template.Resources[method]!.Properties.AuthorizationType = 'NONE';

    expect(() => run('token', template)).toThrow(
      new RegExp(`${method} \\(AWS::ApiGateway::Method\\).*has no authorizer`),
    );
  });

  it('an authorizer id without its authorization type stops the start, naming the method', () => {
    const template = templateOf('cognito');
    const method = idOf(template, 'AWS::ApiGateway::Method', (p) => p.HttpMethod === 'POST');
    template.Resources[method]!.Properties.AuthorizationType = 'NONE';

    expect(() => run('cognito', template)).toThrow(new RegExp(`${method} \\(AWS::ApiGateway::Method\\)`));
  });

  it('a method the contract does not have stops the start, naming it', () => {
    const template = templateOf('cognito');
    const method = idOf(template, 'AWS::ApiGateway::Method', (p) => p.HttpMethod === 'PATCH');
    template.Resources[method]!.Properties.HttpMethod = 'PUT';

    expect(() => run('cognito', template)).toThrow(
      new RegExp(`${method} .*PUT /notes/\\{noteId\\} is no route of the HTTP contract`),
    );
  });

  it('authorization scopes on a method reach the local Cognito authorizer', () => {
    const template = templateOf('cognito');
    const method = idOf(template, 'AWS::ApiGateway::Method', (p) => p.HttpMethod === 'POST');
    template.Resources[method]!.Properties.AuthorizationScopes = ['notes/write'];

    const { gateway } = run('cognito', template);

    expect(gateway.routes.find((r) => r.method === 'POST')?.authorizationScopes).toEqual(['notes/write']);
    expect(gateway.routes.find((r) => r.method === 'DELETE')?.authorizationScopes).toBeUndefined();
  });

  it('a function’s timeout or memory changed reaches the local function', () => {
    const template = templateOf('request');
    const id = notesFunctionId(template);
    Object.assign(template.Resources[id]!.Properties, { Timeout: 29, MemorySize: 1024 });

    const { gateway } = run('request', template);

    expect(gateway.functions.find((fn) => fn.name === id)).toMatchObject({ timeoutSeconds: 29, memorySizeMb: 1024 });
  });

  it('a variable that refers to a resource the local stack does not provide stops the start, naming function and variable', () => {
    const template = templateOf('token');
    const id = notesFunctionId(template);
    const variables = (template.Resources[id]!.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    variables.ALARM_TOPIC = { Ref: idOf(template, 'AWS::SNS::Topic') };

    expect(() => run('token', template)).toThrow(
      new RegExp(`${id} \\(AWS::Lambda::Function\\): environment variable ALARM_TOPIC refers to`),
    );
  });

  it('a function whose code is none of the bundles stops the start, naming it and the command that builds them', () => {
    const template = templateOf('cognito');
    const id = notesFunctionId(template);
    template.Resources[id]!.Metadata!['aws:asset:path'] = 'asset.0000';

    expect(() => run('cognito', template)).toThrow(new RegExp(`${id} .*pnpm build:lambdas`));
  });

  it('a resource the local stack neither runs nor knows to leave out stops the start; a known one is named as not emulated', () => {
    const unknown = templateOf('cognito');
    unknown.Resources.NotesQueue = { Type: 'AWS::SQS::Queue', Properties: {} };
    const known = templateOf('cognito');
    known.Resources.ApiWebAcl = { Type: 'AWS::WAFv2::WebACL', Properties: {} };

    expect(() => run('cognito', unknown)).toThrow(/NotesQueue \(AWS::SQS::Queue\)/);
    expect(run('cognito', known).gateway.notEmulated).toContainEqual(
      expect.objectContaining({ logicalId: 'ApiWebAcl', type: 'AWS::WAFv2::WebACL' }),
    );
  });

  it('a function no method or authorizer invokes (a deploy-time handler) is named as not emulated, not run', () => {
    const template = templateOf('cognito');
    template.Resources.DeployHandler = { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } };

    const { gateway } = run('cognito', template);

    expect(gateway.functions.map((fn) => fn.name)).not.toContain('DeployHandler');
    expect(gateway.notEmulated).toContainEqual(expect.objectContaining({ logicalId: 'DeployHandler' }));
  });

  it('a property the reader does not know on a resource it runs stops the start, naming it', () => {
    const template = templateOf('token');
    const id = notesFunctionId(template);
    template.Resources[id]!.Properties.VpcConfig = { SubnetIds: ['subnet-1'] };

    expect(() => run('token', template)).toThrow(new RegExp(`${id} \\(AWS::Lambda::Function\\): has VpcConfig`));
  });

  describe('a variable renamed', () => {
    const started: LambdaFunction[] = [];
    let secrets: SecretsManagerStandIn;
    beforeAll(async () => {
      secrets = await startSecretsManagerStandIn([{ arn: SECRET_ARN, name: 'CursorSecret', value: SECRET }]);
    });
    afterAll(async () => {
      await Promise.all(started.map((fn) => fn.close()));
      await secrets?.close();
    });

    /** Runs the real notes bundle with the environment the local stack gives it, once: its init decides. */
    async function initOf(template: Mutable, id: string) {
      const fn = run('token', template, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint }).gateway.functions.find(
        (f) => f.name === id,
      );
      const lambda = new LambdaFunction({
        name: 'notes',
        bundle: fn!.bundle,
        handler: fn!.handler,
        environment: fn!.environment,
        timeoutSeconds: 10,
      });
      started.push(lambda);
      return lambda.invoke({
        httpMethod: 'GET',
        path: '/health',
        resource: '/health',
        headers: {},
        requestContext: {},
      });
    }

    it('fails the notes function’s init, naming the variable its code reads, where the template as synthesized initializes', async () => {
      const template = templateOf('token');
      const id = notesFunctionId(template);
      const variables = (template.Resources[id]!.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      variables.APP_CLIENT_IDS = variables.COGNITO_CLIENT_IDS;
      delete variables.COGNITO_CLIENT_IDS;

      const [asSynthesized, renamed] = await Promise.all([initOf(templateOf('token'), id), initOf(template, id)]);

      expect(asSynthesized.ok || asSynthesized.failure).not.toBe('InitError');
      expect(renamed).toMatchObject({ ok: false, failure: 'InitError' });
      expect(renamed.ok ? '' : renamed.error.errorMessage).toMatch(/COGNITO_CLIENT_IDS is required/);
    });
  });
});

describe('the user pool the template deploys, given to a local Cognito', () => {
  let cognito: LocalCognito;
  beforeAll(async () => {
    cognito = await startLocalCognito({ port: 0, logger: (await import('pino')).pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await cognito?.close();
  });

  const apply = (template: Mutable) => {
    const api = readTemplate(template as unknown as CfnTemplate);
    return applyUserPool(api.userPool, {
      url: cognito.url,
      region: cognito.region,
      userPoolId: cognito.userPoolId,
      clientIds: localClientIds(api, {
        ...cognito,
        clients: { web: cognito.clientId, machine: cognito.m2mClientId },
        clientIds: [],
      }),
      placeholders: { [API_ORIGIN_PLACEHOLDER]: [LOCAL_ORIGIN], [WEB_APP_ORIGIN_PLACEHOLDER]: [LOCAL_ORIGIN] },
    });
  };
  const describeClient = async (clientId: string) => {
    const sdk = new CognitoIdentityProviderClient({
      endpoint: cognito.url,
      region: cognito.region,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const { UserPoolClient } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientId: clientId }),
    );
    sdk.destroy();
    return UserPoolClient;
  };

  it('gives each local client the template’s flows, scopes and URLs, placeholders filled', async () => {
    const template = templateOf('cognito');
    const machine = idOf(
      template,
      'AWS::Cognito::UserPoolClient',
      (p) => JSON.stringify(p.AllowedOAuthFlows) === '["client_credentials"]',
    );
    (template.Resources[machine]!.Properties as Record<string, unknown>).AccessTokenValidity = 15;
    (template.Resources[machine]!.Properties as Record<string, unknown>).TokenValidityUnits = {
      AccessToken: 'minutes',
    };

    const differences = await apply(template);

    expect(differences).toEqual([
      expect.objectContaining({
        type: 'AWS::Cognito::UserPoolClient',
        why: expect.stringMatching(/also allows ALLOW_USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH/),
      }),
    ]);
    expect(await describeClient(cognito.m2mClientId)).toMatchObject({
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['notes/read'],
      AccessTokenValidity: 15,
    });
    expect(await describeClient(cognito.clientId)).toMatchObject({
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['http://localhost:3999/callback'],
      LogoutURLs: ['http://localhost:3999/'],
    });
  });

  it('a scope changed on a client reaches the local client', async () => {
    const template = templateOf('cognito');
    const machine = idOf(
      template,
      'AWS::Cognito::UserPoolClient',
      (p) => JSON.stringify(p.AllowedOAuthFlows) === '["client_credentials"]',
    );
    const scopes = template.Resources[machine]!.Properties.AllowedOAuthScopes as unknown[];
    scopes.push(JSON.parse(JSON.stringify(scopes[0]).replace('/read', '/write')));

    await apply(template);

    expect((await describeClient(cognito.m2mClientId))?.AllowedOAuthScopes?.sort()).toEqual([
      'notes/read',
      'notes/write',
    ]);
  });

  it('a client’s callback URL removed stops the start, naming the client', async () => {
    const template = templateOf('cognito');
    const web = idOf(
      template,
      'AWS::Cognito::UserPoolClient',
      (p) => JSON.stringify(p.AllowedOAuthFlows) === '["code"]' && p.GenerateSecret === true,
    );
    delete template.Resources[web]!.Properties.CallbackURLs;

    await expect(apply(template)).rejects.toThrow(new RegExp(`${web} \\(AWS::Cognito::UserPoolClient\\)`));
  });

  it('a resource server scope the local pool does not have stops the start, naming the resource server', async () => {
    const template = templateOf('cognito');
    const server = idOf(template, 'AWS::Cognito::UserPoolResourceServer');
    (template.Resources[server]!.Properties.Scopes as { ScopeName: string }[])[0]!.ScopeName = 'view';

    await expect(apply(template)).rejects.toThrow(new RegExp(`${server} \\(AWS::Cognito::UserPoolResourceServer\\)`));
  });
});
