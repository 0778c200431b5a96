export { type LocalS3, type LocalS3Options, startLocalS3 } from './local-s3.js';
export { DiskObjectStore, MemoryObjectStore, type ObjectStore, type StoredObject } from './object-store.js';
export { S3Error, type S3ErrorCode } from './s3-error.js';
export type { Credentials } from './signatures.js';
