/**
 * Test support for the DynamoDB adapter: the contract backends, dynalite on a loopback port and
 * DynamoDB Local through testcontainers (the pass-through that counts and injects faults is
 * `@secure-notes/testing`'s storage proxy). Needs the package's
 * dev dependencies (dynalite, testcontainers); never imported by production code.
 */
export {
  type BackendKind,
  type ContractBackend,
  DYNALITE_LABEL,
  DYNAMODB_LOCAL_LABEL,
  describePlan,
  ENDPOINT_LABEL,
  type PlannedBackend,
  type PlanOptions,
  planContractBackends,
  probeContainerRuntime,
  type RunningBackend,
  type RuntimeProbe,
} from './contract-backends.js';
export { type RunningDynalite, startDynalite } from './dynalite-server.js';
export {
  type ContainerDefinition,
  DYNAMODB_LOCAL_CONTAINER,
  dynamoDbLocalContainer,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from './dynamodb-local-container.js';
