/**
 * The attachment bucket's variables, as a schema that `readEnv` (service-kit) applies, the same
 * in every app (the API server, the notes Lambda, the local stack), and the S3 client.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { documented, httpUrl, text } from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { resolveCredentials } from '../dynamodb/dynamodb-client.js';

/**
 * The bucket of attachments and, for a local S3, its endpoint. The region is the table's
 * (`AWS_REGION`, or the user pool's), as the apps resolve it.
 */
export const S3_ENV = v.object({
  ATTACHMENTS_BUCKET: documented(
    v.optional(text(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 of a-z 0-9 . -)')),
    'the S3 bucket of attachments; attachment requests answer 503 without it',
  ),
  AWS_ENDPOINT_URL_S3: documented(
    v.optional(httpUrl('http://localhost:4566')),
    'an S3-compatible endpoint such as the local S3, http://localhost:4566 (addressed path-style); AWS when absent',
  ),
});

export interface S3StorageConfig {
  readonly bucket: string;
  readonly region: string;
  /** Set for an S3-compatible endpoint, which is then addressed path-style (`{endpoint}/{bucket}/{key}`). */
  readonly endpoint?: string;
}

/**
 * The bucket's configuration from the values `readEnv` read with `S3_ENV`; `undefined` without
 * `ATTACHMENTS_BUCKET`.
 *
 * @example
 * const { s3 } = readEnv({ s3: S3_ENV }, process.env);
 * const config = s3StorageConfig(s3, 'eu-west-1');
 */
export function s3StorageConfig(values: v.InferOutput<typeof S3_ENV>, region: string): S3StorageConfig | undefined {
  if (values.ATTACHMENTS_BUCKET === undefined) return undefined;
  return {
    bucket: values.ATTACHMENTS_BUCKET,
    region,
    ...(values.AWS_ENDPOINT_URL_S3 === undefined ? {} : { endpoint: values.AWS_ENDPOINT_URL_S3 }),
  };
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
