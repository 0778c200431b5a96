/**
 * The object-storage contract on S3, as the project's local S3 answers it: real presigned
 * POSTs and GETs over HTTP, signed by the SDK and checked by the local S3 as S3 checks them.
 */
import { describeObjectStorageContract } from '@secure-notes/domain/testing';
import { type LocalS3, startLocalS3 } from '@secure-notes/local-s3';
import { afterAll, beforeAll } from 'vitest';
import { createS3Client } from './s3-client.js';
import { S3ObjectStorage } from './s3-object-storage.js';
import { s3Transport } from './testing/s3-transport.js';

const credentials = { accessKeyId: 'contract', secretAccessKey: 'contract-secret' };
let s3: LocalS3 | undefined;

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: 'contract-bucket', credentials });
  // The SDK reads its credentials from the environment, as the apps' clients do.
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
});

afterAll(async () => {
  await s3?.close();
});

describeObjectStorageContract('S3ObjectStorage on the local S3', () => {
  if (s3 === undefined) throw new Error('the local S3 did not start: see the error of beforeAll');
  const client = createS3Client({ region: s3.region, endpoint: s3.endpoint });
  return { storage: new S3ObjectStorage(client, { bucket: s3.bucket }), transport: s3Transport(client, s3.bucket) };
});
