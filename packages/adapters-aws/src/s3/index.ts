// What an app composes: the bucket's settings and the container module, whose storage loads the
// S3 client on first use. Nothing here imports the SDK's S3 code, so that a bundle of an app
// that imports this entry keeps that code out of its init (the S3 pieces are `./s3/client`).
export { S3_ENV, type S3StorageConfig, s3StorageConfig } from './s3-env.js';
export { s3AttachmentsModule } from './s3-module.js';
