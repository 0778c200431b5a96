export { createS3Client, S3_ENV, type S3StorageConfig, s3StorageConfigFromEnv } from './s3-env.js';
export { S3ObjectStorage, type S3ObjectStorageOptions } from './s3-object-storage.js';
