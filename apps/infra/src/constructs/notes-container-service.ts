import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { NotesApiProps } from './notes-api-props.js';
import { NOTES_TABLE_ACTIONS } from './notes-table.js';
import { PRIVATE_BUCKET } from './private-bucket.js';

/** The port the server listens on inside the container, and the path the load balancer checks. */
export const CONTAINER_PORT = 3000;
export const HEALTH_CHECK_PATH = '/health';

/**
 * What the image build never needs, on top of the repository's `.dockerignore`: dependencies,
 * build output, local data, the fetched toolchain, CDK's own output (which would otherwise hold
 * earlier staged copies of the repository) and the Lambda bundles.
 */
export const IMAGE_CONTEXT_EXCLUDES: readonly string[] = Object.freeze([
  '**/node_modules',
  '**/dist',
  '**/cdk.out',
  '**/.data',
  '**/bundle',
  '**/coverage',
  '**/*.tsbuildinfo',
  '.toolchain',
  '.git',
  '.env',
  '.env.*',
]);

/** The secret reaches the container through ECS secrets: the task definition holds its ARN, not its value. */
export interface NotesContainerServiceProps extends NotesApiProps {
  /** An ACM certificate for the host name clients use; the load balancer serves HTTPS only. */
  readonly certificateArn: string;
  /** The Docker build context (the repository root) and the Dockerfile in it. */
  readonly buildContext: string;
  readonly dockerfile: string;
  /** Keep the load balancer from being deleted by hand. */
  readonly protect: boolean;
  /** How long the load balancer's access logs are kept. */
  readonly accessLogExpiration: Duration;
}

/**
 * The API as the Express container (apps/server) on ECS Fargate, behind an internet-facing
 * Application Load Balancer that speaks HTTPS only (TLS 1.2+), on the same table and user pool
 * as the Lambda runtime. The tasks run in private subnets (one NAT gateway for their way out to
 * ECR, Cognito's keys and DynamoDB), accept traffic from the load balancer only, and their role
 * holds the table's item actions and nothing else.
 *
 * The image is built from the repository at deploy time (`cdk deploy` needs Docker, or Finch
 * through `CDK_DOCKER`); synthesis only copies the build context, so it needs neither.
 */
export class NotesContainerService extends Construct {
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly taskRole: iam.Role;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly image: ecrAssets.DockerImageAsset;
  /** The load balancer's access logs. */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: NotesContainerServiceProps) {
    super(scope, id);

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    // aws-cdk-lib's classes are not written for exactOptionalPropertyTypes: hence `as I...` where
    // a construct is handed on as its interface.
    const vpc = this.vpc as ec2.IVpc;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'The API container: the notes table item actions, nothing else',
    });
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({ actions: [...NOTES_TABLE_ACTIONS], resources: [props.table.tableArn] }),
    );

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: this.taskRole,
    });

    this.image = new ecrAssets.DockerImageAsset(this, 'Image', {
      directory: props.buildContext,
      file: props.dockerfile,
      platform: ecrAssets.Platform.LINUX_ARM64,
      exclude: [...IMAGE_CONTEXT_EXCLUDES],
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.taskDefinition.addContainer('Api', {
      image: ecs.ContainerImage.fromDockerImageAsset(this.image),
      portMappings: [{ containerPort: CONTAINER_PORT }],
      environment: {
        PORT: String(CONTAINER_PORT),
        // One load balancer in front: its X-Forwarded-For entry is the client's address, which the
        // server's per-address rate limit needs (else every client shares the balancer's).
        TRUST_PROXY: '1',
        AWS_REGION: Aws.REGION,
        NOTES_TABLE: props.table.tableName,
        COGNITO_USER_POOL_ID: props.userPoolId,
        COGNITO_CLIENT_IDS: Fn.join(',', [...props.clientIds]),
        CORS_ORIGINS: props.corsOrigins.join(','),
        LOG_LEVEL: props.logLevel,
      },
      secrets: { NOTES_CURSOR_SECRET: ecs.Secret.fromSecretsManager(props.cursorSecret) },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api', logGroup }),
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(15),
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster as ecs.ICluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { enable: true, rollback: true },
      enableECSManagedTags: true,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      dropInvalidHeaderFields: true,
      deletionProtection: props.protect,
    });
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ expiration: props.accessLogExpiration }],
      removalPolicy: props.logRemovalPolicy,
      autoDeleteObjects: props.logRemovalPolicy === RemovalPolicy.DESTROY,
    });
    this.loadBalancer.logAccessLogs(this.accessLogs as s3.IBucket, 'alb');
    const listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
    });
    this.targetGroup = listener.addTargets('Api', {
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
      },
    });
  }
}
