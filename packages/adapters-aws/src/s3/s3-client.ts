/** The S3 client of attachments. */
import { S3Client } from '@aws-sdk/client-s3';
import { resolveCredentials } from '../dynamodb/dynamodb-client.js';
import type { S3StorageConfig } from './s3-env.js';

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
