import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The table actions the notes API performs (the Lambda and the container alike); no index, no scan, no batch. */
export const NOTES_TABLE_ACTIONS: readonly string[] = Object.freeze([
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
]);

/**
 * The attribute DynamoDB's TTL reads (epoch seconds): the idempotency records the API keeps in
 * this table carry it and go a day after their request; notes never do.
 */
export const NOTES_TABLE_TTL_ATTRIBUTE = 'ttl';

export interface NotesTableProps {
  /** Part of the table name: `Notes-<stage>`. */
  readonly stage: string;
  /** Keep the table when the stack is destroyed, and refuse to delete it while it exists. */
  readonly protect: boolean;
}

/**
 * The tutorial's `Notes` table (Part IV): partition key `userId` (the token's `sub`), sort key
 * `noteId`, both strings, so that notes written by the tutorial's Lambda stay readable. On
 * demand, with point-in-time recovery and TTL on `ttl` (for the idempotency records); outside
 * `dev` it has deletion protection and outlives the stack.
 */
export class NotesTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: NotesTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: `Notes-${props.stage}`,
      partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'noteId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: NOTES_TABLE_TTL_ATTRIBUTE,
      // Encrypted at rest with an AWS owned key: free, and no KMS permission for the callers.
      encryption: dynamodb.TableEncryption.DEFAULT,
      deletionProtection: props.protect,
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
