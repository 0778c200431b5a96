export { PortInUseError } from '@secure-notes/service-kit';
export { parseCliOptions, runCli } from './cli.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type LocalDynamoDb,
  type LocalDynamoDbLogger,
  type LocalDynamoDbOptions,
  startLocalDynamoDb,
} from './local-dynamodb.js';
