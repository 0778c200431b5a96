import { Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AuthorizerMode } from '../config/deployment-config.js';
import type { NotesApiProps } from './notes-api-props.js';
import { NOTES_TABLE_ACTIONS } from './notes-table.js';

/** The settings every function of the stack shares (the tutorial's Part V, step 03, on arm64 and Node 24). */
export const FUNCTION_DEFAULTS = {
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
  memorySize: 256,
  timeout: Duration.seconds(10),
  handler: 'index.handler',
} as const;

export interface NotesFunctionsProps extends NotesApiProps {
  /** Which authorizer function to deploy: none for `cognito`. */
  readonly authorizer: AuthorizerMode;
  readonly notesBundle: string;
  readonly tokenAuthorizerBundle: string;
  readonly requestAuthorizerBundle: string;
}

/**
 * The Lambda functions: the notes API (the tutorial's `NotesAPI`, Part V) and, when the API
 * uses a Lambda authorizer, the authorizer (`NotesLambdaAuthorizer`, Part VIII). Each has its
 * own role holding only what it does: writing to its own log group, sending X-Ray traces (whose
 * actions have no resource-level permissions, hence their `*`), and for the notes function the
 * item actions it uses on the one table, where the tutorial attached AmazonDynamoDBFullAccess,
 * and `GetSecretValue` on the page-token secret, which it reads at init: its environment holds
 * the secret's ARN, never its value.
 */
export class NotesFunctions extends Construct {
  readonly notesFunction: lambda.Function;
  /** Present when the API uses the TOKEN or REQUEST authorizer. */
  readonly authorizerFunction?: lambda.Function;

  constructor(scope: Construct, id: string, props: NotesFunctionsProps) {
    super(scope, id);

    this.notesFunction = this.createFunction('Notes', props, {
      description: 'Secure Notes API: the notes routes behind API Gateway (Lambda proxy integration)',
      bundle: props.notesBundle,
      environment: {
        NOTES_TABLE: props.table.tableName,
        // The secret's ARN, never its value: the function reads it at init (GetSecretValue below).
        NOTES_CURSOR_SECRET_ID: props.cursorSecret.secretArn,
        // The Cognito authorizer lets every app client of the pool through: the function checks.
        COGNITO_CLIENT_IDS: Fn.join(',', [...props.clientIds]),
        CORS_ORIGINS: props.corsOrigins.join(','),
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: 'secure-notes-api',
      },
    });
    this.notesFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...NOTES_TABLE_ACTIONS], resources: [props.table.tableArn] }),
    );
    this.notesFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.cursorSecret.secretArn],
      }),
    );

    if (props.authorizer !== 'cognito') {
      const kind = props.authorizer === 'token' ? 'Token' : 'Request';
      this.authorizerFunction = this.createFunction(`${kind}Authorizer`, props, {
        description: `Secure Notes ${kind.toUpperCase()} authorizer: verifies Cognito tokens, returns the caller's policy`,
        bundle: props.authorizer === 'token' ? props.tokenAuthorizerBundle : props.requestAuthorizerBundle,
        environment: {
          COGNITO_USER_POOL_ID: props.userPoolId,
          COGNITO_CLIENT_IDS: Fn.join(',', [...props.clientIds]),
          LOG_LEVEL: props.logLevel,
          POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer',
        },
      });
    }
  }

  private createFunction(
    id: string,
    props: NotesFunctionsProps,
    options: { description: string; bundle: string; environment: Record<string, string> },
  ): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${id}LogGroup`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function: its log group, X-Ray, and nothing it does not use`,
    });
    logGroup.grantWrite(role);
    return new lambda.Function(this, `${id}Function`, {
      ...FUNCTION_DEFAULTS,
      description: options.description,
      code: lambda.Code.fromAsset(options.bundle),
      // The bundles ship their source maps: stack traces in the logs then name the TypeScript lines.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...options.environment },
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
    });
  }
}
