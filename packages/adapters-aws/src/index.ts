export * from './cognito/index.js';
export * from './dynamodb/index.js';
export * from './s3/index.js';
