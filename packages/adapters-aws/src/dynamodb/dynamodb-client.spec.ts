import { describe, expect, it, vi } from 'vitest';
import {
  createDynamoDbDocumentClient,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  dynamoDbHttpHandlerOptions,
  resolveCredentials,
} from './dynamodb-client.js';

describe('dynamoDbHttpHandlerOptions', () => {
  it('bounds every attempt well below a Lambda timeout and keeps connections alive', () => {
    const config = dynamoDbHttpHandlerOptions({ region: 'us-east-1' });

    expect(config.connectionTimeout).toBe(DEFAULT_CONNECTION_TIMEOUT_MS);
    expect(config.requestTimeout).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(config.throwOnRequestTimeout).toBe(true);
    expect(DEFAULT_MAX_ATTEMPTS * DEFAULT_REQUEST_TIMEOUT_MS).toBeLessThan(10_000);
    expect(config.httpAgent).toMatchObject({ keepAlive: true });
    expect(config.httpsAgent).toMatchObject({ keepAlive: true });
  });

  it('takes the timeouts it is given', () => {
    const config = dynamoDbHttpHandlerOptions({ region: 'us-east-1', connectionTimeoutMs: 200, requestTimeoutMs: 700 });

    expect(config).toMatchObject({ connectionTimeout: 200, requestTimeout: 700 });
  });
});

describe('resolveCredentials', () => {
  it('uses dummy credentials for a local endpoint when the environment has none', () => {
    expect(resolveCredentials({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000', env: {} })).toEqual({
      accessKeyId: 'local',
      secretAccessKey: 'local',
    });
  });

  it("leaves AWS to the SDK's provider chain, and the environment's credentials to any endpoint", () => {
    expect(resolveCredentials({ region: 'us-east-1', env: {} })).toBeUndefined();
    expect(
      resolveCredentials({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000', env: { AWS_PROFILE: 'dev' } }),
    ).toBeUndefined();
  });

  it('prefers credentials that are passed', () => {
    const credentials = { accessKeyId: 'AKIA', secretAccessKey: 'secret' };

    expect(resolveCredentials({ region: 'us-east-1', endpoint: 'http://x', credentials, env: {} })).toBe(credentials);
  });
});

describe('createDynamoDbDocumentClient', () => {
  it('configures region, endpoint and attempts on the client', async () => {
    const client = createDynamoDbDocumentClient({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
      maxAttempts: 5,
      env: {},
    });

    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(5);
    expect((await client.config.credentials()).accessKeyId).toBe('local');
    client.destroy();
  });

  it('destroys the HTTP handler of the client it wraps when destroyed, closing its sockets', () => {
    // prepare
    const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000', env: {} });
    const destroy = vi.spyOn(client.config.requestHandler as { destroy(): void }, 'destroy');

    // act
    client.destroy();

    // assert
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});
