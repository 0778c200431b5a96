/**
 * DynamoDB Local (AWS's own emulator, `amazon/dynamodb-local`) in a container through
 * testcontainers, for the contract suite on machines with a container runtime. The definition
 * is data, so that a unit test can check it without Docker.
 */
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

export interface ContainerDefinition {
  readonly image: string;
  readonly command: readonly string[];
  /** The port DynamoDB Local listens on inside the container. */
  readonly port: number;
  /** Printed once the server is up. */
  readonly readyLogMessage: string;
  /** Generous: the first run pulls the image. */
  readonly startupTimeoutMs: number;
}

export const DYNAMODB_LOCAL_CONTAINER: ContainerDefinition = {
  // Pinned: a datastore that moves under the tests makes failures that nobody changed.
  image: 'amazon/dynamodb-local:3.3.1',
  // In memory, and one database whatever the credentials and region of the caller.
  command: ['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb'],
  port: 8000,
  readyLogMessage: 'Initializing DynamoDB Local',
  startupTimeoutMs: 180_000,
};

/** The container, ready to `start()`: it counts as up once it printed its banner and its port listens. */
export function dynamoDbLocalContainer(definition: ContainerDefinition = DYNAMODB_LOCAL_CONTAINER): GenericContainer {
  return new GenericContainer(definition.image)
    .withCommand([...definition.command])
    .withExposedPorts(definition.port)
    .withWaitStrategy(Wait.forAll([Wait.forLogMessage(definition.readyLogMessage), Wait.forListeningPorts()]))
    .withStartupTimeout(definition.startupTimeoutMs);
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local; needs a reachable container runtime (Docker, Podman, ...). */
export async function startDynamoDbLocal(
  definition: ContainerDefinition = DYNAMODB_LOCAL_CONTAINER,
): Promise<RunningDynamoDbLocal> {
  const container: StartedTestContainer = await dynamoDbLocalContainer(definition).start();
  return {
    endpoint: `http://${container.getHost()}:${container.getMappedPort(definition.port)}`,
    stop: async () => {
      await container.stop();
    },
  };
}
