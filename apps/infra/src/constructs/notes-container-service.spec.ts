import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { attachmentStatements } from '../testing/attachments.js';
import { PRIVATE_BUCKET_PROPERTIES } from '../testing/private-bucket.js';
import { resolveWith, SYNTH_TIMEOUT, synthesize, WEB_DOMAIN, webRefs } from '../testing/synth.js';

const corsOrigins = 'https://app.example.com';
const container = synthesize('container', { corsOrigins });
const { template } = container;

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };

function logicalIdOf(type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `one ${type} like ${JSON.stringify(props)}`).toHaveLength(1);
  return ids[0]!;
}

/** The attachments bucket (the stack's other bucket holds the load balancer's access logs). */
function attachmentsBucket(): string {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => id.startsWith('AttachmentsBucket'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function only(type: string): Resource {
  return template.findResources(type)[logicalIdOf(type)] as Resource;
}

function statementsOf(roleId: string): unknown[] {
  const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
  expect(role.Properties.ManagedPolicyArns, `${roleId}: no managed policy`).toBeUndefined();
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
}

const containerDefinition = () =>
  (only('AWS::ECS::TaskDefinition').Properties.ContainerDefinitions as Record<string, unknown>[])[0]!;

describe('NotesContainerService', { timeout: SYNTH_TIMEOUT }, () => {
  it('runs the Express image on Fargate, arm64, 0.25 vCPU and 512 MiB, with a read-only root file system', () => {
    expect(only('AWS::ECS::TaskDefinition').Properties).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    expect(containerDefinition()).toMatchObject({
      Essential: true,
      PortMappings: [{ ContainerPort: 3000, Protocol: 'tcp' }],
      ReadonlyRootFilesystem: true,
    });
  });

  it('configures the server for the same table and user pool behind one proxy, and takes the cursor secret from Secrets Manager', () => {
    const clients = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).map((id) => ({ Ref: id }));
    expect(clients).toHaveLength(3);
    const environment = resolveWith(containerDefinition().Environment, webRefs(template));
    expect(environment).toEqual([
      { Name: 'PORT', Value: '3000' },
      { Name: 'TRUST_PROXY', Value: '1' },
      { Name: 'AWS_REGION', Value: { Ref: 'AWS::Region' } },
      { Name: 'NOTES_TABLE', Value: { Ref: logicalIdOf('AWS::DynamoDB::Table') } },
      { Name: 'COGNITO_USER_POOL_ID', Value: { Ref: logicalIdOf('AWS::Cognito::UserPool') } },
      { Name: 'COGNITO_CLIENT_IDS', Value: { 'Fn::Join': [',', clients] } },
      // The configured origins and the web app's.
      { Name: 'CORS_ORIGINS', Value: `https://${WEB_DOMAIN},${corsOrigins}` },
      { Name: 'LOG_LEVEL', Value: 'info' },
      { Name: 'ATTACHMENTS_BUCKET', Value: { Ref: attachmentsBucket() } },
    ]);
    expect(containerDefinition().Secrets).toEqual([
      { Name: 'NOTES_CURSOR_SECRET', ValueFrom: { Ref: logicalIdOf('AWS::SecretsManager::Secret') } },
    ]);
  });

  it('gives the task role the five item actions on the notes table, the attachment object actions, and nothing else', () => {
    const taskRole = (only('AWS::ECS::TaskDefinition').Properties.TaskRoleArn as { 'Fn::GetAtt': [string] })[
      'Fn::GetAtt'
    ][0];
    expect(statementsOf(taskRole)).toEqual([
      {
        Action: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::Table'), 'Arn'] },
      },
      ...attachmentStatements(attachmentsBucket()),
    ]);
  });

  it('lets the execution role pull the image, write the log group and read the one secret', () => {
    const executionRole = (only('AWS::ECS::TaskDefinition').Properties.ExecutionRoleArn as { 'Fn::GetAtt': [string] })[
      'Fn::GetAtt'
    ][0];
    const logGroup = (containerDefinition().LogConfiguration as { Options: Record<string, { Ref: string }> }).Options[
      'awslogs-group'
    ]!.Ref;
    expect(statementsOf(executionRole)).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:aws:ecr:eu-west-1:',
              { Ref: 'AWS::AccountId' },
              ':repository/',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
              { 'Fn::Sub': 'cdk-hnb659fds-container-assets-${AWS::AccountId}-eu-west-1' },
            ],
          ],
        },
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
      },
      {
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: { Ref: logicalIdOf('AWS::SecretsManager::Secret') },
      },
    ]);
    expect(template.findResources('AWS::Logs::LogGroup')[logGroup]).toMatchObject({
      Properties: { RetentionInDays: 30 },
    });
  });

  it('runs the tasks in private subnets without public addresses, reachable from the load balancer only', () => {
    const service = only('AWS::ECS::Service').Properties;
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      DesiredCount: 1,
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    const subnets = (service.NetworkConfiguration as { AwsvpcConfiguration: { Subnets: { Ref: string }[] } })
      .AwsvpcConfiguration.Subnets;
    for (const subnet of subnets) {
      expect(template.findResources('AWS::EC2::Subnet')[subnet.Ref]).toMatchObject({
        Properties: { MapPublicIpOnLaunch: false },
      });
    }
    const serviceGroup = (
      service.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: { 'Fn::GetAtt': [string] }[] } }
    ).AwsvpcConfiguration.SecurityGroups[0]!['Fn::GetAtt'][0];
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Record<string, Resource>)
      .map((rule) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.GroupId).includes(serviceGroup));
    expect(ingress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 3000,
        ToPort: 3000,
        SourceSecurityGroupId: {
          'Fn::GetAtt': [
            logicalIdOf('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('LoadBalancer') }),
            'GroupId',
          ],
        },
      }),
    ]);
  });

  it('serves HTTPS only (TLS 1.2 and newer) with the configured certificate, from an internet-facing load balancer', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [
        { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' },
      ],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    const albGroup = template.findResources('AWS::EC2::SecurityGroup')[
      logicalIdOf('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('LoadBalancer') })
    ] as Resource;
    expect(albGroup.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
  });

  it('checks the container on GET /health', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
    });
  });

  it('keeps the load balancer access logs in an encrypted, private, TLS-only bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ...PRIVATE_BUCKET_PROPERTIES,
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('logs the VPC traffic and restricts its default security group', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('builds the image from the repository for arm64, sending no dependencies, build output, local data or secrets', () => {
    const manifest = JSON.parse(
      readFileSync(join(container.assembly.directory, `${container.stack.artifactId}.assets.json`), 'utf8'),
    ) as { dockerImages: Record<string, { source: { directory: string; dockerFile: string; platform: string } }> };
    const images = Object.values(manifest.dockerImages);
    expect(images).toHaveLength(1);
    const { source } = images[0]!;
    expect(source).toMatchObject({ dockerFile: 'apps/server/Dockerfile', platform: 'linux/arm64' });
    const staged = join(container.assembly.directory, source.directory);
    for (const kept of ['apps/server/Dockerfile', 'apps/server/src/main.ts', 'package.json']) {
      expect(existsSync(join(staged, kept)), `${kept} is in the build context`).toBe(true);
    }
    for (const left of [
      'node_modules',
      'apps/server/node_modules',
      'apps/server/dist',
      '.data',
      '.toolchain',
      '.git',
      'apps/infra/cdk.out',
      'apps/lambda-notes/bundle',
      '.env',
    ]) {
      expect(existsSync(join(staged, left)), `${left} is not in the build context`).toBe(false);
    }
  });

  it('has no API Gateway and no API function: the container is the API', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>);
    expect(functions.filter((fn) => JSON.stringify(fn).includes('POWERTOOLS_SERVICE_NAME'))).toEqual([]);
  });

  it('names the invoke URL after the host name, and the load balancer that host name must point at', () => {
    template.hasOutput('InvokeUrl', { Value: 'https://notes.example.com/' });
    template.hasOutput('LoadBalancerDnsName', {
      Value: { 'Fn::GetAtt': [logicalIdOf('AWS::ElasticLoadBalancingV2::LoadBalancer'), 'DNSName'] },
    });
  });
});
