/**
 * What the API's role may do on the attachments bucket, as the synthesized policy states it:
 * shared by the tests of every role that serves the API (the notes function, the container task).
 */

/** The two statements `AttachmentsBucket.grantApiAccess` adds, for the bucket with this logical id. */
export function attachmentStatements(bucket: string): unknown[] {
  const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}/*`]] });
  return [
    {
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Effect: 'Allow',
      Resource: [objects('files'), objects('pending')],
    },
    {
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': ['pending/*', 'files/*'] } },
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [bucket, 'Arn'] },
    },
  ];
}
