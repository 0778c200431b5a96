// The S3 client and the object storage on it, loaded when imported: for tests and tools that
// use them directly (an app composes `s3AttachmentsModule`, which loads them on first use).
export { createS3Client } from './s3-client.js';
export { S3ObjectStorage, type S3ObjectStorageOptions } from './s3-object-storage.js';
