/**
 * Test support for the DynamoDB adapter: the contract backends, dynalite on a loopback port,
 * DynamoDB Local through testcontainers and a fault-injecting endpoint. Needs the package's
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
export {
  type Fault,
  type FaultEndpoint,
  type FaultEndpointOptions,
  type RecordedRequest,
  type RefusingEndpoint,
  refusingEndpoint,
  startFaultEndpoint,
} from './fault-endpoint.js';
