/**
 * Every cdk-nag (AwsSolutions) finding this stack accepts, with the resource it applies to and
 * why. The stack acknowledges exactly these entries and nothing else, and a test compares what
 * the synthesized stacks acknowledge with this list, so that a new exception is a visible change
 * to this file, reviewed like code. It stays one file, however long the list grows, so that every
 * exception the stack takes is read in one place. Paths are construct paths below the stack.
 *
 * A path may hold `{stage}`; a rule may hold `{partition}`, `{region}` and `{qualifier}` (CDK's
 * bootstrap qualifier), as cdk-nag renders them in a finding about the bootstrap asset bucket.
 */
import { DefaultStackSynthesizer, type Stack, Token, Validations } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';
import type { DeploymentMode } from '../config/deployment-config.js';

export interface NagAllowance {
  /** The rule, with the finding when the rule reports several: `AwsSolutions-IAM5[Resource::*]`. */
  readonly rule: string;
  /** The construct path below the stack, e.g. `Functions/NotesRole`. */
  readonly path: string;
  readonly reason: string;
  /** The modes whose stack holds this resource. */
  readonly modes: readonly DeploymentMode[];
}

const ALL: readonly DeploymentMode[] = ['cognito', 'token', 'request', 'container'];
const LAMBDA: readonly DeploymentMode[] = ['cognito', 'token', 'request'];
const LAMBDA_AUTHORIZER: readonly DeploymentMode[] = ['token', 'request'];
const CONTAINER: readonly DeploymentMode[] = ['container'];

const XRAY_REASON =
  'X-Ray: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so their ' +
  'statement names "*" (the one documented exception); every other statement of this role names its own resources.';
/** CDK's singleton function behind every BucketDeployment of the stack (a fixed id). */
const BUCKET_DEPLOYMENT = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C';
const BUCKET_DEPLOYMENT_GRANTS_REASON =
  "CDK's BucketDeployment copies the web app's build from CDK's asset bucket into the app bucket: its role reads " +
  'the asset bucket (s3:GetObject*, GetBucket*, List* on the asset objects) and writes, prunes and empties the ' +
  'app bucket (DeleteObject*, Abort* on its objects); the grants name those two buckets only.';

function bucketDeploymentGrant(finding: string): NagAllowance {
  return {
    rule: `AwsSolutions-IAM5[${finding}]`,
    path: `${BUCKET_DEPLOYMENT}/ServiceRole/DefaultPolicy/Resource`,
    reason: BUCKET_DEPLOYMENT_GRANTS_REASON,
    modes: ALL,
  };
}

const NODE_RUNTIME_REASON =
  'nodejs24.x, the Node line the repository builds, tests and runs locally with (its toolchain and the bundles ' +
  'target): the deployed code is the tested code. aws-cdk-lib now knows nodejs26.x; move FUNCTION_DEFAULTS and ' +
  'the toolchain together.';

const LAMBDA_AUTHORIZER_REASON =
  'The Lambda authorizer (tutorial Part VIII) guards this method: it verifies the Cognito user pool token ' +
  "(signature, issuer, client, expiry) itself and returns a policy covering the caller's methods.";

const ATTACHMENT_OBJECTS_REASON =
  'Attachments: the object actions the API uses (presigned POST, HeadObject, CopyObject, presigned GET, ' +
  'DeleteObject) on the objects under one prefix of the one attachments bucket; every key below it is made ' +
  'by the API from the caller, the note and the attachment, so the prefix is the narrowest resource there is.';

function attachmentObjects(path: string, modes: readonly DeploymentMode[]): NagAllowance[] {
  return ['pending', 'files'].map((prefix) => ({
    rule: `AwsSolutions-IAM5[Resource::<AttachmentsBucket134755D7.Arn>/${prefix}/*]`,
    path,
    reason: ATTACHMENT_OBJECTS_REASON,
    modes,
  }));
}

function lambdaAuthorizerMethod(resource: string, method: string): NagAllowance {
  return {
    rule: 'AwsSolutions-COG4',
    path: `Api/RestApi/Default/${resource}/${method}/Resource`,
    reason: LAMBDA_AUTHORIZER_REASON,
    modes: LAMBDA_AUTHORIZER,
  };
}

export const NAG_ALLOW_LIST: readonly NagAllowance[] = Object.freeze([
  {
    rule: 'AwsSolutions-COG2',
    path: 'Auth/UserPool/Resource',
    reason:
      'MFA stays off as in the tutorial, whose sign-in (Parts II-III) is a password and a forced change; ' +
      'require it (mfa: REQUIRED) before real users sign up.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-COG8',
    path: 'Auth/UserPool/Resource',
    reason:
      "The Essentials feature plan, as the tutorial's console creates: Plus (threat protection) is billed per " +
      'monthly active user, a cost a reference deployment should not carry by default.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-SMG4',
    path: 'CursorSecret/Resource',
    reason:
      'The page-token secret has no rotation function: it is read once at start, and replacing it (a new ' +
      'deploy of a new secret) only voids the list page tokens in flight.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: 'Functions/NotesRole/DefaultPolicy/Resource',
    reason: XRAY_REASON,
    modes: LAMBDA,
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: 'Functions/TokenAuthorizerRole/DefaultPolicy/Resource',
    reason: XRAY_REASON,
    modes: ['token'],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: 'Functions/RequestAuthorizerRole/DefaultPolicy/Resource',
    reason: XRAY_REASON,
    modes: ['request'],
  },
  { rule: 'AwsSolutions-L1', path: 'Functions/NotesFunction/Resource', reason: NODE_RUNTIME_REASON, modes: LAMBDA },
  {
    rule: 'AwsSolutions-L1',
    path: 'Functions/TokenAuthorizerFunction/Resource',
    reason: NODE_RUNTIME_REASON,
    modes: ['token'],
  },
  {
    rule: 'AwsSolutions-L1',
    path: 'Functions/RequestAuthorizerFunction/Resource',
    reason: NODE_RUNTIME_REASON,
    modes: ['request'],
  },
  {
    rule: 'AwsSolutions-APIG2',
    path: 'Api/RestApi/Resource',
    reason:
      'The handler validates every body, query and path parameter against the shared contract and answers 400 ' +
      'with details (api.md); a gateway validator would answer the same requests in another shape.',
    modes: LAMBDA,
  },
  {
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    path: 'Api/RestApi/CloudWatchRole/Resource',
    reason:
      "API Gateway's account-level CloudWatch role, which access logs require: AWS documents this managed " +
      'policy for it, and the role is shared by every REST API of the account and region.',
    modes: LAMBDA,
  },
  lambdaAuthorizerMethod('notes', 'GET'),
  lambdaAuthorizerMethod('notes', 'POST'),
  lambdaAuthorizerMethod('notes/{noteId}', 'GET'),
  lambdaAuthorizerMethod('notes/{noteId}', 'PATCH'),
  lambdaAuthorizerMethod('notes/{noteId}', 'DELETE'),
  lambdaAuthorizerMethod('notes/{noteId}/attachments', 'POST'),
  lambdaAuthorizerMethod('notes/{noteId}/attachments/{attachmentId}', 'GET'),
  lambdaAuthorizerMethod('notes/{noteId}/attachments/{attachmentId}', 'DELETE'),
  lambdaAuthorizerMethod('notes/{noteId}/attachments/{attachmentId}/confirm', 'POST'),
  lambdaAuthorizerMethod('admin/users/{userId}/notes', 'GET'),
  {
    rule: 'AwsSolutions-S1',
    path: 'Attachments/Bucket/Resource',
    reason:
      'No server access logs: every request for an attachment goes through the API first, whose log names the ' +
      'caller, the note and the attachment; S3 access logs would need a bucket of their own. Enable them (or ' +
      'CloudTrail data events) where an audit trail of the presigned GETs themselves is required.',
    modes: ALL,
  },
  ...attachmentObjects('Functions/NotesRole/DefaultPolicy/Resource', LAMBDA),
  ...attachmentObjects('Container/TaskRole/DefaultPolicy/Resource', CONTAINER),
  {
    rule: 'AwsSolutions-ECS2',
    path: 'Container/TaskDefinition/Resource',
    reason:
      'The environment holds only non-secret settings (table, pool and client ids, region, origins, port, ' +
      'proxy count, log level); the page-token secret comes from Secrets Manager through ECS secrets.',
    modes: CONTAINER,
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: 'Container/TaskDefinition/ExecutionRole/DefaultPolicy/Resource',
    reason:
      'ecr:GetAuthorizationToken supports no resource-level permissions; pulling the image is limited to its ' +
      "repository and the logs to the container's log group.",
    modes: CONTAINER,
  },
  {
    rule: 'AwsSolutions-EC23',
    path: 'Container/LoadBalancer/SecurityGroup/Resource',
    reason: 'The public API: the load balancer accepts HTTPS (443) from anywhere, and nothing else.',
    modes: CONTAINER,
  },
  {
    rule: 'AwsSolutions-S1',
    path: 'Web/Bucket/Resource',
    reason:
      'The web app bucket holds the public build and config.json; only CloudFront reads it (origin access control) ' +
      'and only the deployment writes it, so server access logs would record nothing a reader does not already see.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-CFR1',
    path: 'Web/Distribution/Resource',
    reason: 'No geo restriction: the notes app is for anyone the user pool admits, wherever they are.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-CFR2',
    path: 'Web/Distribution/Resource',
    reason:
      'No AWS WAF web ACL on the static site: it costs a monthly fee per ACL and rule even when idle, and the ' +
      'distribution serves public static files only; the API it calls is throttled and needs a verified token.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-CFR3',
    path: 'Web/Distribution/Resource',
    reason:
      'No access logs: the files are public, and the one query string the app receives is the managed login ' +
      "callback's authorization code and state, which a log would keep; the distribution's CloudWatch metrics remain.",
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-CFR4',
    path: 'Web/Distribution/Resource',
    reason:
      "The distribution's default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1; " +
      'a custom domain with its own ACM certificate (us-east-1) allows TLSv1.2_2021. Browsers negotiate TLS 1.2 or 1.3.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    path: `${BUCKET_DEPLOYMENT}/ServiceRole/Resource`,
    reason:
      "CDK's BucketDeployment function role, made by aws-cdk-lib with the managed policy AWS documents for a " +
      "function's logs; the function runs only during a deploy.",
    modes: ALL,
  },
  bucketDeploymentGrant('Action::s3:GetObject*'),
  bucketDeploymentGrant('Action::s3:GetBucket*'),
  bucketDeploymentGrant('Action::s3:List*'),
  bucketDeploymentGrant('Action::s3:DeleteObject*'),
  bucketDeploymentGrant('Action::s3:Abort*'),
  bucketDeploymentGrant('Resource::arn:{partition}:s3:::cdk-{qualifier}-assets-<AWS::AccountId>-{region}/*'),
  bucketDeploymentGrant('Resource::<WebBucketE51352C0.Arn>/*'),
  {
    rule: 'AwsSolutions-L1',
    path: `${BUCKET_DEPLOYMENT}/Resource`,
    reason:
      "CDK's BucketDeployment function: aws-cdk-lib picks its Python runtime and AWS CLI layer, and moves them " +
      'forward with aws-cdk-lib; it runs only during a deploy.',
    modes: ALL,
  },
  {
    rule: 'AwsSolutions-S1',
    path: 'Container/AccessLogs/Resource',
    reason: "This bucket holds the load balancer's access logs; logging access to the log bucket itself would recurse.",
    modes: CONTAINER,
  },
]);

/** What decides which allowances apply to a stack. */
export interface NagScope {
  readonly mode: DeploymentMode;
  /** Replaces `{stage}` in paths (the API Gateway stage's construct is named after it). */
  readonly stage: string;
  /** The stack's region; absent for a region-agnostic stack. */
  readonly region?: string;
  /** CDK's bootstrap qualifier; CDK's default when absent. */
  readonly qualifier?: string;
}

/** The allowances for a stack of this mode and stage, paths and rules resolved. */
export function allowancesFor(scope: NagScope): NagAllowance[] {
  // How cdk-nag renders an ARN of the stack's region: the literal partition and region when the
  // region is known, references otherwise.
  const partition = scope.region === undefined ? '<AWS::Partition>' : (RegionInfo.get(scope.region).partition ?? 'aws');
  const values: Record<string, string> = {
    '{partition}': partition,
    '{region}': scope.region ?? '<AWS::Region>',
    '{qualifier}': scope.qualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER,
  };
  return NAG_ALLOW_LIST.filter((a) => a.modes.includes(scope.mode)).map((a) => ({
    ...a,
    rule: a.rule.replace(/\{partition\}|\{region\}|\{qualifier\}/g, (key) => values[key] ?? key),
    path: a.path.replaceAll('{stage}', scope.stage),
  }));
}

/** The scope of `stack`, as `applyNagAllowList` resolves it. */
export function nagScopeOf(stack: Stack, scope: Pick<NagScope, 'mode' | 'stage'>): NagScope {
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined;
  return {
    ...scope,
    ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
    ...(qualifier === undefined ? {} : { qualifier }),
  };
}

/**
 * Acknowledges the allowances that apply to `stack`; throws when an allowance names a path the
 * stack does not have, so that a stale entry cannot linger.
 */
export function applyNagAllowList(stack: Stack, scope: Pick<NagScope, 'mode' | 'stage'>): void {
  for (const allowance of allowancesFor(nagScopeOf(stack, scope))) {
    const target = findByPath(stack, allowance.path);
    if (target === undefined) {
      throw new Error(
        `cdk-nag allow-list entry ${allowance.rule} names ${allowance.path}, which the ${scope.mode} stack does not have: ` +
          'remove or correct the entry in apps/infra/src/nag/nag-allow-list.ts.',
      );
    }
    Validations.of(target).acknowledge({ id: allowance.rule, reason: allowance.reason });
  }
}

function findByPath(stack: Stack, path: string): IConstruct | undefined {
  let node: IConstruct | undefined = stack;
  for (const part of path.split('/')) {
    node = node?.node.tryFindChild(part);
  }
  return node;
}
