import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of the stack is, whatever it holds: no public access, objects owned by the
 * bucket's owner (ACLs off), encrypted with S3-managed keys, and refused over plain HTTP. A bucket
 * spreads this and adds what is its own (its name, CORS, lifecycle, removal).
 */
export const PRIVATE_BUCKET = Object.freeze({
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
}) satisfies s3.BucketProps;
