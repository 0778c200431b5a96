/**
 * Reads the attachment bucket's settings from environment-style variables, the same in every
 * app (the API server, the notes Lambda, the local stack).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { resolveCredentials } from '../dynamodb/dynamodb-client.js';

/** The variables `s3StorageConfigFromEnv` reads. */
export const S3_ENV = {
  /** The bucket of attachments; attachments are off without it. */
  bucket: 'ATTACHMENTS_BUCKET',
  region: 'AWS_REGION',
  /** An S3-compatible endpoint (the local S3); AWS's when absent. The SDK's own name for it. */
  endpoint: 'AWS_ENDPOINT_URL_S3',
} as const;

export interface S3StorageConfig {
  readonly bucket: string;
  readonly region: string;
  /** Set for an S3-compatible endpoint, which is then addressed path-style (`{endpoint}/{bucket}/{key}`). */
  readonly endpoint?: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `undefined` when `ATTACHMENTS_BUCKET` is not set.
 *
 * @example
 * // ATTACHMENTS_BUCKET=notes-attachments AWS_REGION=eu-west-1
 * const config = s3StorageConfigFromEnv(process.env);
 */
export function s3StorageConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { readonly region?: string } = {},
): S3StorageConfig | undefined {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const bucket = read(S3_ENV.bucket);
  if (bucket === undefined) return undefined;
  if (!BUCKET.test(bucket)) {
    throw new Error(`${S3_ENV.bucket} must be an S3 bucket name (3-63 of a-z 0-9 . -), got ${JSON.stringify(bucket)}`);
  }
  const region = read(S3_ENV.region) ?? defaults.region;
  if (region === undefined) throw new Error(`${S3_ENV.region} is not set: give the bucket's region, e.g. us-east-1`);
  const endpoint = read(S3_ENV.endpoint);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new Error(`${S3_ENV.endpoint} must be a URL such as http://localhost:4569, got ${JSON.stringify(endpoint)}`);
  }
  return { bucket, region, ...(endpoint === undefined ? {} : { endpoint }) };
}

/**
 * One client per process; path-style addressing for a local endpoint, whose host names no
 * bucket. Credentials: the ones given, else the SDK's chain, else (for a local endpoint with
 * none in the environment) the local emulators' `local`/`local`, as for DynamoDB.
 */
export function createS3Client(
  config: Pick<S3StorageConfig, 'region' | 'endpoint'>,
  credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string },
): S3Client {
  const resolved =
    credentials ??
    resolveCredentials({
      region: config.region,
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    });
  return new S3Client({
    region: config.region,
    ...(resolved === undefined ? {} : { credentials: resolved }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint, forcePathStyle: true }),
  });
}
