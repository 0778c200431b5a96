import { describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';
import { createDynamoDbNotesStore } from './dynamodb-notes-store.js';

describe('createDynamoDbNotesStore', () => {
  it('builds one repository over a client of its own, which close() releases', () => {
    const store = createDynamoDbNotesStore({ tableName: 'Notes', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' });

    expect(store.repository).toBeInstanceOf(DynamoDbNotesRepository);
    store.close();
    // A destroyed client has no request handler sockets left; destroying twice is harmless.
    expect(() => store.client.destroy()).not.toThrow();
  });

  it('uses a client it is given and leaves its lifetime to the caller', async () => {
    const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', env: {} });
    let destroyed = false;
    const original = client.destroy.bind(client);
    client.destroy = () => {
      destroyed = true;
      original();
    };

    const store = createDynamoDbNotesStore({ tableName: 'Notes', region: 'us-east-1', client });
    store.close();

    expect(store.client).toBe(client);
    expect(destroyed).toBe(false);
    client.destroy();
  });
});
