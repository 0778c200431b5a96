import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { DeploymentMode } from '../config/deployment-config.js';
import { SYNTH_TIMEOUT, type Synthesized, synthesize } from '../testing/synth.js';

const modes: readonly DeploymentMode[] = ['cognito', 'token', 'request', 'container'];
const stacks = new Map<DeploymentMode, Synthesized>(
  modes.map((mode) => [
    mode,
    synthesize(mode, { corsOrigins: 'https://app.example.com', alarmEmail: 'ops@example.com' }),
  ]),
);
const cognito = stacks.get('cognito')!.template;
const prod = synthesize('token', { stage: 'prod' }).template;

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

function logicalIdOf(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `one ${type}`).toHaveLength(1);
  return ids[0]!;
}

/** Every IAM statement in the template: role and user policies, inline role policies, resource policies. */
function statementsIn(template: Template): { where: string; statement: Record<string, unknown> }[] {
  const found: { where: string; statement: Record<string, unknown> }[] = [];
  const collect = (where: string, document: unknown) => {
    for (const statement of ((document as { Statement?: unknown[] } | undefined)?.Statement ?? []) as Record<
      string,
      unknown
    >[]) {
      found.push({ where, statement });
    }
  };
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
    collect(id, resource.Properties?.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties.Policies ?? []) as { PolicyDocument: unknown }[]) {
        collect(id, policy.PolicyDocument);
      }
    }
  }
  return found;
}

/** Actions whose AWS documentation says they take no resource-level permissions. */
const RESOURCE_STAR_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ecr:GetAuthorizationToken',
]);

describe('SecureNotesStack', { timeout: SYNTH_TIMEOUT }, () => {
  describe('IAM', () => {
    for (const mode of modes) {
      it(`allows "*" as a resource only for X-Ray's actions and the ECR token (${mode})`, () => {
        const wide = statementsIn(stacks.get(mode)!.template).filter(
          ({ statement }) =>
            statement.Effect === 'Allow' &&
            [statement.Resource].flat().some((resource) => resource === '*') &&
            statement.Principal === undefined,
        );
        expect(wide.length).toBeGreaterThan(0);
        for (const { where, statement } of wide) {
          const actions = [statement.Action].flat() as string[];
          expect(
            actions.filter((action) => !RESOURCE_STAR_ACTIONS.has(action)),
            `${where} grants these on "*"`,
          ).toEqual([]);
        }
        if (mode === 'container') {
          expect(wide.flatMap(({ statement }) => [statement.Action].flat())).toEqual(['ecr:GetAuthorizationToken']);
        } else {
          expect(new Set(wide.flatMap(({ statement }) => [statement.Action].flat()))).toEqual(
            new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
          );
        }
      });

      it(`grants no wildcard action (${mode})`, () => {
        for (const { where, statement } of statementsIn(stacks.get(mode)!.template)) {
          if (statement.Effect !== 'Allow') continue;
          for (const action of [statement.Action].flat() as string[]) {
            expect(action.endsWith(':*') || action === '*', `${where} allows ${action}`).toBe(false);
          }
        }
      });
    }
  });

  describe('NotesTable', () => {
    it("keeps the tutorial's keys: partition key userId, sort key noteId, both strings, and no index", () => {
      cognito.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'Notes-dev',
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'noteId', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'userId', AttributeType: 'S' },
          { AttributeName: 'noteId', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: Match.absent(),
        LocalSecondaryIndexes: Match.absent(),
      });
    });

    it('is billed on demand and recoverable to any point in time', () => {
      cognito.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    it("expires the idempotency records it holds by DynamoDB's TTL on their ttl attribute", () => {
      cognito.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      });
    });

    it('goes with a dev stack', () => {
      cognito.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Delete',
        Properties: { DeletionProtectionEnabled: false },
      });
    });

    it('outlives the stack and refuses deletion in any other stage', () => {
      prod.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { TableName: 'Notes-prod', DeletionProtectionEnabled: true },
      });
    });
  });

  describe('outputs', () => {
    it('gives what the tutorial copies from the console: invoke URL, pool id, client ids, table, alarms topic; and the app', () => {
      const table = logicalIdOf(cognito, 'AWS::DynamoDB::Table');
      const pool = logicalIdOf(cognito, 'AWS::Cognito::UserPool');
      const api = logicalIdOf(cognito, 'AWS::ApiGateway::RestApi');
      const stage = logicalIdOf(cognito, 'AWS::ApiGateway::Stage');
      expect(Object.keys(cognito.toJSON().Outputs).sort()).toEqual(
        [
          'AlarmTopicArn',
          'AppClientId',
          'AppUrl',
          'AttachmentsBucketName',
          'ClientId',
          'ClientSecretCommand',
          'InvokeUrl',
          'MachineClientId',
          'ManagedLoginUrl',
          'NotesTableName',
          'TokenExchangeCommand',
          'UserPoolId',
        ].sort(),
      );
      cognito.hasOutput('InvokeUrl', {
        Value: {
          'Fn::Join': [
            '',
            ['https://', { Ref: api }, '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: stage }, '/'],
          ],
        },
      });
      cognito.hasOutput('UserPoolId', { Value: { Ref: pool } });
      cognito.hasOutput('ClientId', { Value: { Ref: webClientOf(cognito) } });
      cognito.hasOutput('MachineClientId', { Value: { Ref: machineClientOf(cognito) } });
      cognito.hasOutput('NotesTableName', { Value: { Ref: table } });
      cognito.hasOutput('AlarmTopicArn', { Value: { Ref: logicalIdOf(cognito, 'AWS::SNS::Topic') } });
    });

    it('assembles the managed login URL as the tutorial\'s "View login page" shows it', () => {
      cognito.hasOutput('ManagedLoginUrl', {
        Value: {
          'Fn::Join': [
            '',
            [
              'https://',
              { Ref: logicalIdOf(cognito, 'AWS::Cognito::UserPoolDomain') },
              '.auth.eu-west-1.amazoncognito.com/login?client_id=',
              { Ref: webClientOf(cognito) },
              '&response_type=code&scope=email+openid+profile&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback',
            ],
          ],
        },
      });
    });

    it('gives the token exchange as a curl command, the secret as a placeholder, and the command that reads it', () => {
      cognito.hasOutput('TokenExchangeCommand', {
        Value: {
          'Fn::Join': [
            '',
            [
              'curl -X POST "https://',
              { Ref: logicalIdOf(cognito, 'AWS::Cognito::UserPoolDomain') },
              '.auth.eu-west-1.amazoncognito.com/oauth2/token" -H "Content-Type: application/x-www-form-urlencoded" ' +
                '-d "grant_type=authorization_code&code=YOUR_AUTH_CODE&client_id=',
              { Ref: webClientOf(cognito) },
              '&client_secret=$CLIENT_SECRET&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback"',
            ],
          ],
        },
      });
      cognito.hasOutput('ClientSecretCommand', {
        Value: {
          'Fn::Join': [
            '',
            [
              'export CLIENT_SECRET="$(aws cognito-idp describe-user-pool-client --region ',
              { Ref: 'AWS::Region' },
              ' --user-pool-id ',
              { Ref: logicalIdOf(cognito, 'AWS::Cognito::UserPool') },
              ' --client-id ',
              { Ref: webClientOf(cognito) },
              ' --query UserPoolClient.ClientSecret --output text)"',
            ],
          ],
        },
      });
    });

    for (const mode of modes) {
      it(`puts no secret in any output, nor a client secret anywhere in the template (${mode})`, () => {
        const template = stacks.get(mode)!.template.toJSON();
        const secret = logicalIdOf(stacks.get(mode)!.template, 'AWS::SecretsManager::Secret');
        for (const [name, output] of Object.entries(template.Outputs as Record<string, { Value: unknown }>)) {
          const value = JSON.stringify(output.Value);
          expect(value, name).not.toMatch(/ClientSecret"|resolve:secretsmanager|resolve:ssm-secure|SecretString/);
          expect(value, name).not.toContain(JSON.stringify({ Ref: secret }));
        }
        expect(JSON.stringify(template)).not.toMatch(/"ClientSecret"\]/);
      });
    }
  });

  describe('NotesAlarms', () => {
    const topic = { Ref: logicalIdOf(cognito, 'AWS::SNS::Topic') };

    it("alarms when 5% or more of the API's answers are 5xx", () => {
      cognito.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5XXError',
        Dimensions: [{ Name: 'ApiName', Value: 'NotesAPI-dev' }],
        Statistic: 'Average',
        Threshold: 0.05,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic],
      });
    });

    it("alarms on the notes function's errors and throttles", () => {
      const notes = { Ref: logicalIdOf(cognito, 'AWS::Lambda::Function', { Runtime: 'nodejs24.x' }) };
      for (const metric of ['Errors', 'Throttles']) {
        cognito.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: notes }],
          Statistic: 'Sum',
          Threshold: 1,
          AlarmActions: [topic],
        });
      }
    });

    it("alarms on the authorizer's throttles, not on the errors it raises for every rejected token", () => {
      const template = stacks.get('token')!.template;
      const authorizer = {
        Ref: logicalIdOf(template, 'AWS::Lambda::Function', {
          Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer' }) },
        }),
      };
      const onAuthorizer = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { Dimensions: [{ Name: 'FunctionName', Value: authorizer }] },
        }),
      ) as Resource[];
      expect(onAuthorizer.map((alarm) => alarm.Properties.MetricName)).toEqual(['Throttles']);
    });

    for (const mode of modes) {
      it(`alarms on DynamoDB throttles of every operation the API performs (${mode})`, () => {
        const template = stacks.get(mode)!.template;
        const table = { Ref: logicalIdOf(template, 'AWS::DynamoDB::Table') };
        const alarm = Object.values(
          template.findResources('AWS::CloudWatch::Alarm', {
            Properties: { AlarmDescription: Match.stringLikeRegexp('DynamoDB throttled') },
          }),
        ) as Resource[];
        expect(alarm).toHaveLength(1);
        const metrics = alarm[0]!.Properties.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[];
        const operations = metrics
          .filter((m) => m.MetricStat !== undefined)
          .map((m) => {
            expect(m.MetricStat!.Metric).toMatchObject({ Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests' });
            expect(m.MetricStat!.Metric.Dimensions).toContainEqual({ Name: 'TableName', Value: table });
            return (m.MetricStat!.Metric.Dimensions as { Name: string; Value: unknown }[]).find(
              (d) => d.Name === 'Operation',
            )?.Value;
          });
        expect(new Set(operations)).toEqual(new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query']));
      });
    }

    it("alarms on the container's 5xx rate and on a container failing its health check", () => {
      const template = stacks.get('container')!.template;
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 0.05,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(requests > 0, errors / requests, 0)' }),
          Match.objectLike({
            Id: 'errors',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }) }),
          }),
          Match.objectLike({
            Id: 'requests',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }) }),
          }),
        ]),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', Threshold: 1 });
    });

    it('sends every alarm and its recovery to one TLS-only topic, with the configured email subscribed', () => {
      for (const { template } of stacks.values()) {
        const topicRef = { Ref: logicalIdOf(template, 'AWS::SNS::Topic') };
        const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
        expect(alarms.length).toBeGreaterThanOrEqual(3);
        for (const alarm of alarms) {
          expect(alarm.Properties).toMatchObject({
            AlarmActions: [topicRef],
            OKActions: [topicRef],
            TreatMissingData: 'notBreaching',
          });
        }
        template.hasResourceProperties('AWS::SNS::Subscription', {
          Protocol: 'email',
          Endpoint: 'ops@example.com',
          TopicArn: topicRef,
        });
        template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          PolicyDocument: {
            Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
          },
        });
      }
    });
  });

  describe('by stage', () => {
    it('keeps the log groups outside dev, and removes everything with a dev stack but the API account role', () => {
      for (const group of Object.values(prod.findResources('AWS::Logs::LogGroup')) as Resource[]) {
        expect(group).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 180 } });
      }
      const retained = Object.values(cognito.toJSON().Resources as Record<string, Resource>)
        .filter((resource) => resource.DeletionPolicy === 'Retain')
        .map((resource) => resource.Type);
      expect(retained.sort()).toEqual(['AWS::ApiGateway::Account', 'AWS::IAM::Role']);
    });

    it('names the stack after its stage', () => {
      expect(stacks.get('cognito')!.stack.stackName).toBe('SecureNotes-dev');
    });
  });
});

function webClientOf(template: Template): string {
  return logicalIdOf(template, 'AWS::Cognito::UserPoolClient', { ClientName: 'My Notes App' });
}

function machineClientOf(template: Template): string {
  return logicalIdOf(template, 'AWS::Cognito::UserPoolClient', { ClientName: 'Notes machine client' });
}
