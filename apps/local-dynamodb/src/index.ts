export { parseCliOptions, runCli } from './cli.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type LocalDynamoDb,
  type LocalDynamoDbLogger,
  type LocalDynamoDbOptions,
  PortInUseError,
  startLocalDynamoDb,
} from './local-dynamodb.js';
