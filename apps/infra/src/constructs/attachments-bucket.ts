import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PRIVATE_BUCKET } from './private-bucket.js';

/** Where uploads land until confirmed, and where confirmed files are kept (see the domain's `attachment.ts`). */
export const ATTACHMENT_PREFIXES = Object.freeze({ pending: 'pending/', files: 'files/' });

/** The object actions the API uses: presigned POST (PutObject), HeadObject/GetObject/CopyObject, DeleteObject. */
export const ATTACHMENT_OBJECT_ACTIONS: readonly string[] = Object.freeze([
  's3:PutObject',
  's3:GetObject',
  's3:DeleteObject',
]);

/**
 * The bucket's name, made from the stack's id (`arn:…:stack/<name>/<uuid>`): unique to this stack
 * in every account and region, so a bucket kept after an earlier stack is never in the way, and
 * known without a reference to the bucket. The web app's CSP names the bucket while the bucket's
 * CORS names the app's distribution; with a generated name the two would form a cycle.
 */
export function attachmentsBucketName(): string {
  return `secure-notes-attachments-${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`;
}

/** The origin of the bucket's presigned URLs: virtual-hosted style, regional, as the SDK signs them. */
export function bucketRegionalOrigin(bucketName: string, region: string, urlSuffix: string): string {
  return `https://${bucketName}.s3.${region}.${urlSuffix}`;
}

export interface AttachmentsBucketProps {
  /** The bucket's name; CloudFormation generates one when absent. */
  readonly bucketName?: string;
  /** Browser origins that may upload and download with presigned requests. */
  readonly corsOrigins: readonly string[];
  /** Outside `dev`: the bucket stays when the stack is destroyed. */
  readonly protect: boolean;
  /** How long an upload nobody confirmed may stay under `pending/` (the lazy clean-up's backstop). */
  readonly pendingExpiration?: Duration;
}

/**
 * The private bucket of attachments: no public access, TLS only, encrypted, unversioned (a
 * deleted file is gone), CORS for the web origins only, and lifecycle rules as the backstop for
 * what the API cleans up itself: uploads left unconfirmed under `pending/`, and incomplete
 * multipart uploads. The API's role gets the object actions it uses on the two prefixes, and
 * `s3:ListBucket` on them so that `HeadObject` answers a missing upload with 404, not 403.
 */
export class AttachmentsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AttachmentsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      ...(props.bucketName === undefined ? {} : { bucketName: props.bucketName }),
      versioned: false,
      ...(props.corsOrigins.length === 0
        ? {}
        : {
            cors: [
              {
                allowedOrigins: [...props.corsOrigins],
                allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD, s3.HttpMethods.POST],
                allowedHeaders: ['*'],
                exposedHeaders: ['ETag', 'Content-Disposition'],
                maxAge: 3000,
              },
            ],
          }),
      lifecycleRules: [
        {
          id: 'UnconfirmedUploads',
          prefix: ATTACHMENT_PREFIXES.pending,
          expiration: props.pendingExpiration ?? Duration.days(1),
        },
        { id: 'IncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // In `dev` the bucket goes with the stack once it is empty (deleting the notes deletes their
      // files; unconfirmed uploads expire in a day). No auto-delete: its custom resource would be
      // one more function holding s3:DeleteObject on every object.
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` (the notes function's or the container task's role) do what the API does with attachments. */
  grantApiAccess(grantee: iam.IGrantable): void {
    const prefixes = Object.values(ATTACHMENT_PREFIXES);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...ATTACHMENT_OBJECT_ACTIONS],
        resources: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
  }
}
