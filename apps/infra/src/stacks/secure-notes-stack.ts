import { webAppConfig } from '@secure-notes/http-api';
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { defaultAssetPaths, type NotesAssetPaths } from '../config/asset-paths.js';
import { type DeploymentConfig, deploymentModeOf } from '../config/deployment-config.js';
import { AttachmentsBucket, attachmentsBucketName, bucketRegionalOrigin } from '../constructs/attachments-bucket.js';
import { NotesAlarms } from '../constructs/notes-alarms.js';
import { NotesContainerService } from '../constructs/notes-container-service.js';
import { NotesFunctions } from '../constructs/notes-functions.js';
import { NotesRestApi } from '../constructs/notes-rest-api.js';
import { NotesTable } from '../constructs/notes-table.js';
import { NotesUserPool } from '../constructs/notes-user-pool.js';
import { NotesWebAcl } from '../constructs/notes-web-acl.js';
import { NotesWebApp } from '../constructs/notes-web-app.js';
import { applyNagAllowList } from '../nag/nag-allow-list.js';

export interface SecureNotesStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** Where the Lambda bundles and the image's build context are; the repository's by default. */
  readonly assets?: Partial<NotesAssetPaths>;
  /**
   * Whether to acknowledge the cdk-nag findings of the allow-list (default true). False shows
   * every finding, which is how a test checks that each allowance still matches one.
   */
  readonly acknowledgeNagAllowList?: boolean;
}

/** The name of the stack of a stage: `SecureNotes-dev`. */
export function stackNameFor(stage: string): string {
  return `SecureNotes-${stage}`;
}

/**
 * The tutorial's whole stack (Parts I-VIII) in one CloudFormation stack per stage: the user
 * pool, the `Notes` table, and the API either as Lambda functions behind API Gateway (with the
 * Cognito or a Lambda authorizer) or as the Express container behind a load balancer; alarms on
 * both; and the browser app on S3 and CloudFront, whose origin the API accepts (CORS) and
 * whose public client signs in through managed login. `cdk destroy` replaces the tutorial's
 * clean-up protocol: in `dev` it removes everything (but API Gateway's account-level logging
 * role), elsewhere the table and the pool stay.
 */
export class SecureNotesStack extends Stack {
  readonly config: DeploymentConfig;
  readonly table: NotesTable;
  readonly auth: NotesUserPool;
  readonly alarms: NotesAlarms;
  readonly attachments: AttachmentsBucket;
  /** Present with `runtime=lambda`. */
  readonly functions?: NotesFunctions;
  readonly restApi?: NotesRestApi;
  /** Present with `runtime=container`. */
  readonly containerService?: NotesContainerService;
  /** The AWS WAF web ACL in front of the stage, or of the load balancer. */
  readonly webAcl: NotesWebAcl;
  readonly webApp: NotesWebApp;

  constructor(scope: Construct, id: string, props: SecureNotesStackProps) {
    super(scope, id, props);
    const { config } = props;
    const assets: NotesAssetPaths = { ...defaultAssetPaths(), ...props.assets };
    const protect = config.stage !== 'dev';
    const logs_ = {
      logRetention: protect ? logs.RetentionDays.SIX_MONTHS : logs.RetentionDays.ONE_MONTH,
      logRemovalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };

    this.config = config;
    this.table = new NotesTable(this, 'Notes', { stage: config.stage, protect });
    this.auth = new NotesUserPool(this, 'Auth', {
      stage: config.stage,
      protect,
      callbackUrls: config.callbackUrls,
      logoutUrls: config.logoutUrls,
      ...(config.domainPrefix !== undefined ? { domainPrefix: config.domainPrefix } : {}),
    });
    const cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description:
        'Seals the notes API list page tokens (read at init by the notes function, given to the container as NOTES_CURSOR_SECRET); replacing it only voids tokens in flight',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    }) as secretsmanager.ISecret;
    this.alarms = new NotesAlarms(this, 'Alarms', {
      ...(config.alarmEmail !== undefined ? { alarmEmail: config.alarmEmail } : {}),
    });
    // aws-cdk-lib's classes are not written for exactOptionalPropertyTypes: a construct is handed
    // on as its interface with `as`.
    const table = this.table.table as dynamodb.ITable;
    this.alarms.watchTable(table);
    this.webAcl = new NotesWebAcl(this, 'Firewall', { name: `secure-notes-${config.stage}`, limits: config.limits });

    // The app's CSP names the API's origin, and the API (its CORS, the functions' settings) names
    // the app's origin: each needs the other at construction. CloudFormation has no cycle as long
    // as the CSP refers to the RestApi resource itself, never to its URL, which goes through the
    // stage, its deployment and the CORS preflights that name the distribution. So the Lambda
    // runtime's API origin is built from the API id, given lazily until the API exists.
    let restApiId: string | undefined;
    const apiOrigin =
      config.container === undefined
        ? `https://${Lazy.string({ produce: () => restApiId ?? missing('the REST API id') })}.execute-api.${this.region}.${this.urlSuffix}`
        : `https://${config.container.domainName}`;
    // The app uploads attachments straight to their bucket, whose CORS names the app's origin:
    // the CSP takes the bucket's origin from its name, made from the stack's id, not from the bucket.
    const attachmentsName = attachmentsBucketName();
    this.webApp = new NotesWebApp(this, 'Web', {
      appFolder: assets.webApp,
      apiOrigin,
      loginOrigin: this.auth.baseUrl,
      objectStorageOrigin: bucketRegionalOrigin(attachmentsName, this.region, this.urlSuffix),
      ...logs_,
    });
    const appClient = this.auth.addAppClient(this.webApp.origin);

    const shared = {
      table,
      cursorSecret,
      userPoolId: this.auth.userPool.userPoolId,
      clientIds: this.auth.clientIds,
      // The web app's origin first: the gateway's own answers can name one origin only, the first.
      corsOrigins: [this.webApp.origin, ...config.corsOrigins],
      logLevel: config.logLevel,
      ...logs_,
    };
    // Browsers upload and download attachments straight from the bucket: the API's origins (the app's included).
    this.attachments = new AttachmentsBucket(this, 'Attachments', {
      bucketName: attachmentsName,
      corsOrigins: shared.corsOrigins,
      protect,
    });
    const attachmentsBucket = this.attachments.bucket.bucketName;

    if (config.container === undefined) {
      const functions = new NotesFunctions(this, 'Functions', {
        ...shared,
        authorizer: config.authorizer,
        notesBundle: assets.notesFunction,
        tokenAuthorizerBundle: assets.tokenAuthorizer,
        requestAuthorizerBundle: assets.requestAuthorizer,
      });
      const restApi = new NotesRestApi(this, 'Api', {
        stageName: config.stage,
        notesFunction: functions.notesFunction,
        authorizer:
          functions.authorizerFunction === undefined
            ? { kind: 'cognito', userPool: this.auth.userPool }
            : { kind: config.authorizer === 'token' ? 'token' : 'request', handler: functions.authorizerFunction },
        corsOrigins: shared.corsOrigins,
        throttling: { rateLimit: config.limits.stageRatePerSecond, burstLimit: config.limits.stageBurst },
        ...logs_,
      });
      restApiId = restApi.api.restApiId;
      functions.notesFunction.addEnvironment('ATTACHMENTS_BUCKET', attachmentsBucket);
      this.attachments.grantApiAccess(functions.notesFunction);
      this.webAcl.protect('Stage', restApi.api.deploymentStage.stageArn);
      this.alarms.watchRestApi(restApi.api);
      this.alarms.watchFunction('Notes', functions.notesFunction);
      if (functions.authorizerFunction !== undefined)
        this.alarms.watchFunction('Authorizer', functions.authorizerFunction, { errors: false });
      this.functions = functions;
      this.restApi = restApi;
      new CfnOutput(this, 'InvokeUrl', {
        description: 'The API base URL, stage included (the tutorial Part VI step 15): call $INVOKE_URL/notes',
        value: restApi.api.url,
      });
    } else {
      const service = new NotesContainerService(this, 'Container', {
        ...shared,
        certificateArn: config.container.certificateArn,
        buildContext: assets.containerContext,
        dockerfile: assets.dockerfile,
        protect,
        accessLogExpiration: Duration.days(protect ? 180 : 30),
      });
      service.taskDefinition.defaultContainer?.addEnvironment('ATTACHMENTS_BUCKET', attachmentsBucket);
      this.attachments.grantApiAccess(service.taskRole);
      this.webAcl.protect('LoadBalancer', service.loadBalancer.loadBalancerArn);
      this.alarms.watchTargetGroup(service.targetGroup);
      this.containerService = service;
      new CfnOutput(this, 'InvokeUrl', {
        description: `The API base URL, once ${config.container.domainName} points at the load balancer`,
        value: `https://${config.container.domainName}/`,
      });
      new CfnOutput(this, 'LoadBalancerDnsName', {
        description: `Point ${config.container.domainName} here (a CNAME, or a Route 53 alias record)`,
        value: service.loadBalancer.loadBalancerDnsName,
      });
    }

    this.webApp.publish(
      webAppConfig({
        apiUrl: this.restApi === undefined ? apiOrigin : `${apiOrigin}/${this.restApi.api.deploymentStage.stageName}`,
        issuer: this.auth.issuer,
        loginOrigin: this.auth.baseUrl,
        clientId: appClient.userPoolClientId,
        webOrigin: this.webApp.origin,
      }),
    );
    new CfnOutput(this, 'AppUrl', {
      description: 'The notes app: open it and sign in (a user from admin-create-user, as in Part II)',
      value: this.webApp.url,
    });
    new CfnOutput(this, 'AppClientId', {
      description: 'The notes app client (public: no secret, authorization code grant with PKCE)',
      value: appClient.userPoolClientId,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', {
      description: 'The web client ("My Notes App": authorization code grant, with a secret)',
      value: this.auth.webClient.userPoolClientId,
    });
    new CfnOutput(this, 'MachineClientId', {
      description: 'The machine-to-machine client (client credentials grant, notes/read)',
      value: this.auth.machineClient.userPoolClientId,
    });
    new CfnOutput(this, 'ManagedLoginUrl', {
      description: 'Open to sign in (the tutorial Part III step 01, "View login page")',
      value: this.auth.managedLoginUrl,
    });
    new CfnOutput(this, 'ClientSecretCommand', {
      description: 'Run first: puts the web client secret in $CLIENT_SECRET (needs cognito-idp:DescribeUserPoolClient)',
      value: this.auth.clientSecretCommand,
    });
    new CfnOutput(this, 'TokenExchangeCommand', {
      description: 'Exchanges the code from the callback URL for tokens (the tutorial Part III step 05)',
      value: this.auth.tokenExchangeCommand,
    });
    new CfnOutput(this, 'NotesTableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: attachmentsBucket });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });

    if (props.acknowledgeNagAllowList !== false) {
      applyNagAllowList(this, { mode: deploymentModeOf(config), stage: config.stage });
    }
  }
}

function missing(what: string): never {
  throw new Error(`SecureNotesStack: ${what} is not known yet; the stack builds it before synthesis.`);
}
