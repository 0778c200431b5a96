import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { LogLevel } from '../config/deployment-config.js';

/** What the API needs wherever it runs, as Lambda functions or as the container. */
export interface NotesApiProps {
  readonly table: dynamodb.ITable;
  /** Seals list page tokens; each runtime receives a reference to it, never its value as a literal. */
  readonly cursorSecret: secretsmanager.ISecret;
  readonly userPoolId: string;
  /** The app clients whose tokens the API accepts. */
  readonly clientIds: readonly string[];
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}
