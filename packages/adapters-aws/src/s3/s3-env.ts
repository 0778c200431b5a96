/**
 * The attachment bucket's variables, as a schema that `readEnv` (service-kit) applies, the same
 * in every app (the API server, the notes Lambda, the local stack). The SDK stays out of this
 * module: the notes function reads these settings at init and loads the S3 client only when a
 * request needs it (s3-client.ts, lazy-s3-object-storage.ts).
 */
import { documented, httpUrl, text } from '@secure-notes/service-kit/config';
import * as v from 'valibot';

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
