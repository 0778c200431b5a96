import type { AssetStaging } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { describe, expect, it } from 'vitest';
import { attachmentStatements } from '../testing/attachments.js';
import { resolveWith, SYNTH_TIMEOUT, type Synthesized, synthesize, WEB_DOMAIN, webRefs } from '../testing/synth.js';

const corsOrigins = 'https://app.example.com,https://admin.example.com';
const cognito = synthesize('cognito', { corsOrigins, logLevel: 'debug' });
const token = synthesize('token', { corsOrigins });
const request = synthesize('request', { corsOrigins });

type Resource = { Properties: Record<string, unknown> };

/** The stack's own functions: Node.js (the web app deployment's function is CDK's, in Python). */
function functions(template: Template): Record<string, Resource> {
  return template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }) as Record<
    string,
    Resource
  >;
}

function functionByService(template: Template, service: string): [string, Resource] {
  const found = Object.entries(functions(template)).filter(
    ([, fn]) =>
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME ===
      service,
  );
  expect(found, `one function of service ${service}`).toHaveLength(1);
  return found[0]!;
}

/** The attachments bucket (the stack's other bucket holds the web app). */
function attachmentsBucketOf(template: Template): string {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => id.startsWith('AttachmentsBucket'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids, `one ${type}`).toHaveLength(1);
  return ids[0]!;
}

/** The statements of the policies attached to the role a function runs as. */
function statementsOfRoleOf(template: Template, fn: Resource): unknown[] {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
  expect(role.Properties.ManagedPolicyArns, 'no managed policy on a function role').toBeUndefined();
  expect(role.Properties.Policies, 'no inline policy on a function role').toBeUndefined();
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
}

function logGroupOf(fn: Resource): string {
  return ((fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup as { Ref: string }).Ref;
}

const xray = {
  Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
  Effect: 'Allow',
  Resource: '*',
};
const logsOf = (logGroup: string) => ({
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Effect: 'Allow',
  Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
});

describe('NotesFunctions', { timeout: SYNTH_TIMEOUT }, () => {
  it('runs the notes function on nodejs24.x, arm64, 256 MB, 10 s, from its bundle, traced', () => {
    const [, notes] = functionByService(cognito.template, 'secure-notes-api');
    expect(notes.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 10,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('tells the notes function its table, the cursor secret’s ARN (never its value), app clients, origins and log level', () => {
    const [, notes] = functionByService(cognito.template, 'secure-notes-api');
    const table = logicalIdOf(cognito.template, 'AWS::DynamoDB::Table');
    const secret = logicalIdOf(cognito.template, 'AWS::SecretsManager::Secret');
    const clients = Object.keys(cognito.template.findResources('AWS::Cognito::UserPoolClient'));
    const variables = (notes.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(resolveWith(variables.CORS_ORIGINS, webRefs(cognito.template))).toBe(`https://${WEB_DOMAIN},${corsOrigins}`);
    expect(clients).toHaveLength(3);
    expect(variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      NOTES_TABLE: { Ref: table },
      NOTES_CURSOR_SECRET_ID: { Ref: secret },
      COGNITO_CLIENT_IDS: { 'Fn::Join': [',', clients.map((id) => ({ Ref: id }))] },
      CORS_ORIGINS: variables.CORS_ORIGINS,
      LOG_LEVEL: 'debug',
      POWERTOOLS_SERVICE_NAME: 'secure-notes-api',
      ATTACHMENTS_BUCKET: { Ref: attachmentsBucketOf(cognito.template) },
    });
    cognito.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    // No value of the secret anywhere in the function: no dynamic reference, no literal.
    expect(JSON.stringify(notes.Properties)).not.toContain('resolve:secretsmanager');
  });

  it("gives the notes function exactly its table's five item actions on that one table, GetSecretValue on the cursor secret alone, the attachment object actions, its log group, and X-Ray", () => {
    const [, notes] = functionByService(cognito.template, 'secure-notes-api');
    const table = logicalIdOf(cognito.template, 'AWS::DynamoDB::Table');
    expect(statementsOfRoleOf(cognito.template, notes)).toEqual([
      logsOf(logGroupOf(notes)),
      xray,
      {
        Action: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [table, 'Arn'] },
      },
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: { Ref: logicalIdOf(cognito.template, 'AWS::SecretsManager::Secret') },
      },
      ...attachmentStatements(attachmentsBucketOf(cognito.template)),
    ]);
  });

  it('deploys no authorizer function with the Cognito authorizer', () => {
    expect(Object.keys(functions(cognito.template))).toHaveLength(1);
  });

  for (const [mode, synthesized] of [
    ['token', token],
    ['request', request],
  ] as [string, Synthesized][]) {
    it(`deploys the ${mode.toUpperCase()} authorizer from its own bundle, with the pool and every client id`, () => {
      const [, authorizer] = functionByService(synthesized.template, 'secure-notes-authorizer');
      const clients = Object.keys(synthesized.template.findResources('AWS::Cognito::UserPoolClient'));
      expect(authorizer.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 10,
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect((authorizer.Properties.Environment as { Variables: unknown }).Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        COGNITO_USER_POOL_ID: { Ref: logicalIdOf(synthesized.template, 'AWS::Cognito::UserPool') },
        COGNITO_CLIENT_IDS: { 'Fn::Join': [',', clients.map((id) => ({ Ref: id }))] },
        LOG_LEVEL: 'info',
        POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer',
      });
      expect(clients).toHaveLength(3);
      const bundle = mode === 'token' ? synthesized.assets.tokenAuthorizer : synthesized.assets.requestAuthorizer;
      expect(assetSourceOf(synthesized, authorizer)).toBe(bundle);
    });

    it(`gives the ${mode.toUpperCase()} authorizer its log group and X-Ray, and no table at all`, () => {
      const [, authorizer] = functionByService(synthesized.template, 'secure-notes-authorizer');
      expect(statementsOfRoleOf(synthesized.template, authorizer)).toEqual([logsOf(logGroupOf(authorizer)), xray]);
    });
  }

  it('ships the notes bundle folder it is given', () => {
    const [, notes] = functionByService(cognito.template, 'secure-notes-api');
    expect(assetSourceOf(cognito, notes)).toBe(cognito.assets.notesFunction);
  });

  it('gives each function its own log group with a retention, gone with a dev stack and kept elsewhere', () => {
    for (const synthesized of [cognito, token]) {
      for (const fn of Object.values(functions(synthesized.template))) {
        expect(synthesized.template.findResources('AWS::Logs::LogGroup')[logGroupOf(fn)]).toMatchObject({
          Properties: { RetentionInDays: 30 },
          DeletionPolicy: 'Delete',
        });
      }
    }
    const prod = synthesize('token', { stage: 'prod' }).template;
    for (const fn of Object.values(functions(prod))) {
      expect(prod.findResources('AWS::Logs::LogGroup')[logGroupOf(fn)]).toMatchObject({
        Properties: { RetentionInDays: 180 },
        DeletionPolicy: 'Retain',
      });
    }
  });
});

/** The folder a function's code was staged from: the asset whose object key the function names. */
function assetSourceOf(synthesized: Synthesized, fn: Resource): string {
  const key = (fn.Properties.Code as { S3Key: string }).S3Key;
  const asset = synthesized.stack.node
    .findAll()
    .find((node): node is s3assets.Asset => node instanceof s3assets.Asset && node.s3ObjectKey === key);
  expect(asset, `the asset of ${key}`).toBeDefined();
  return (asset!.node.findChild('Stage') as AssetStaging).sourcePath;
}
