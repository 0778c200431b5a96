import { GenericContainer, Wait } from 'testcontainers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DYNAMODB_LOCAL_CONTAINER, dynamoDbLocalContainer } from './dynamodb-local-container.js';

describe('The DynamoDB Local container', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs AWS's pinned image in memory with one shared database on port 8000", () => {
    expect(DYNAMODB_LOCAL_CONTAINER).toEqual({
      image: expect.stringMatching(/^amazon\/dynamodb-local:\d+\.\d+\.\d+$/),
      command: ['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb'],
      port: 8000,
      readyLogMessage: 'Initializing DynamoDB Local',
      startupTimeoutMs: expect.any(Number),
    });
  });

  it('is built from that definition, waiting for the banner and the listening port', () => {
    const withCommand = vi.spyOn(GenericContainer.prototype, 'withCommand');
    const withExposedPorts = vi.spyOn(GenericContainer.prototype, 'withExposedPorts');
    const withWaitStrategy = vi.spyOn(GenericContainer.prototype, 'withWaitStrategy');
    const withStartupTimeout = vi.spyOn(GenericContainer.prototype, 'withStartupTimeout');
    const forLogMessage = vi.spyOn(Wait, 'forLogMessage');
    const forListeningPorts = vi.spyOn(Wait, 'forListeningPorts');

    const container = dynamoDbLocalContainer();

    expect(container).toBeInstanceOf(GenericContainer);
    expect(withCommand).toHaveBeenCalledWith(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb']);
    expect(withExposedPorts).toHaveBeenCalledWith(8000);
    expect(forLogMessage).toHaveBeenCalledWith('Initializing DynamoDB Local');
    expect(forListeningPorts).toHaveBeenCalled();
    expect(withWaitStrategy).toHaveBeenCalledTimes(1);
    expect(withStartupTimeout).toHaveBeenCalledWith(DYNAMODB_LOCAL_CONTAINER.startupTimeoutMs);
  });

  it('takes another image, for a machine that mirrors it', () => {
    const withCommand = vi.spyOn(GenericContainer.prototype, 'withCommand');

    const container = dynamoDbLocalContainer({
      ...DYNAMODB_LOCAL_CONTAINER,
      image: 'mirror.example/dynamodb-local:3.3.1',
    });

    expect(container).toBeInstanceOf(GenericContainer);
    expect(withCommand).toHaveBeenCalledWith([...DYNAMODB_LOCAL_CONTAINER.command]);
  });
});
