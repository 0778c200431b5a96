export { createS3Client, S3_ENV, type S3StorageConfig, s3StorageConfig } from './s3-env.js';
export { s3AttachmentsModule } from './s3-module.js';
export { S3ObjectStorage, type S3ObjectStorageOptions } from './s3-object-storage.js';
