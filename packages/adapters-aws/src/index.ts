export * from './cognito/index.js';
export * from './dynamodb/index.js';
