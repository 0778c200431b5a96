import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PRIVATE_BUCKET_PROPERTIES } from '../testing/private-bucket.js';
import { SYNTH_TIMEOUT, synthesize } from '../testing/synth.js';

const corsOrigins = 'https://app.example.com';
const dev = synthesize('cognito', { corsOrigins });
const prod = synthesize('token', { corsOrigins, stage: 'prod' });

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };

function bucketOf(synthesized: typeof dev): [string, Resource] {
  const buckets = Object.entries(synthesized.template.findResources('AWS::S3::Bucket')).filter(([id]) =>
    id.startsWith('AttachmentsBucket'),
  );
  expect(buckets).toHaveLength(1);
  return buckets[0] as [string, Resource];
}

describe('AttachmentsBucket', { timeout: SYNTH_TIMEOUT }, () => {
  it('blocks every public access, encrypts, keeps no versions, and is owned by the bucket owner', () => {
    const [, bucket] = bucketOf(dev);

    expect(bucket.Properties).toMatchObject(PRIVATE_BUCKET_PROPERTIES);
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
  });

  it('refuses every request without TLS', () => {
    const [id] = bucketOf(dev);

    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Principal: { AWS: '*' },
          }),
        ]),
      },
    });
  });

  it('allows the web origins only, to GET, HEAD and POST (the presigned upload)', () => {
    const [, bucket] = bucketOf(dev);

    expect(bucket.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          // The configured origin and the web app's (its CloudFront domain, known at deploy time).
          AllowedOrigins: [expect.anything(), 'https://app.example.com'],
          AllowedMethods: ['GET', 'HEAD', 'POST'],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag', 'Content-Disposition'],
          MaxAge: 3000,
        },
      ],
    });
  });

  it('expires unconfirmed uploads under pending/ and aborts incomplete multipart uploads, and nothing under files/', () => {
    const [, bucket] = bucketOf(dev);

    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'UnconfirmedUploads', Prefix: 'pending/', ExpirationInDays: 1, Status: 'Enabled' },
        {
          Id: 'IncompleteMultipartUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ],
    });
  });

  it('goes with a dev stack and stays with any other', () => {
    expect(bucketOf(dev)[1].DeletionPolicy).toBe('Delete');
    expect(bucketOf(prod)[1].DeletionPolicy).toBe('Retain');
  });

  it('is named in no IAM statement but the API role’s two, and never with s3:*', () => {
    const [id] = bucketOf(dev);
    const policies = Object.values(dev.template.findResources('AWS::IAM::Policy')) as Resource[];
    const naming = policies.flatMap((policy) =>
      ((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement ?? []).filter((statement) =>
        JSON.stringify(statement).includes(id),
      ),
    );

    expect(naming).toHaveLength(2);
    expect(JSON.stringify(naming)).not.toContain('"s3:*"');
  });
});
