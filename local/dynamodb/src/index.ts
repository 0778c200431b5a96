export { PortInUseError } from '@secure-notes/service-kit';
export { LOCAL_DYNAMODB_ENV, LOCAL_DYNAMODB_RENAMED, parseCliOptions, runCli } from './cli.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type LocalDynamoDb,
  type LocalDynamoDbLogger,
  type LocalDynamoDbOptions,
  startLocalDynamoDb,
} from './local-dynamodb.js';
