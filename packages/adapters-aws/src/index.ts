export * from './cognito/index.js';
export * from './dynamodb/index.js';
// The package's root (the API server's import, which Node runs unbundled) loads the S3 client
// with the rest, at start: the attachments module's storage then finds it loaded. The notes
// function imports `./s3`, whose storage loads it on first use.
export * from './s3/client.js';
export * from './s3/index.js';
