import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TOKENS } from '@secure-notes/container';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DYNAMODB_TOKENS, dynamoDbModule } from './dynamodb-module.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';

describe('dynamoDbModule', () => {
  it('binds one DynamoDB repository over one client for the whole container', async () => {
    const container = new Container();
    const module = dynamoDbModule({ tableName: 'Notes', region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' });

    container.load(module);
    const first = container.get(TOKENS.NotesRepository);
    const second = container.get(TOKENS.NotesRepository);

    expect(first).toBeInstanceOf(DynamoDbNotesRepository);
    expect(second).toBe(first);
    expect(container.get(DYNAMODB_TOKENS.DocumentClient)).toBeInstanceOf(DynamoDBDocumentClient);
    await container.unload(module);
  });

  it('uses a client it is given and leaves its lifetime to the caller', async () => {
    const client = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000', env: {} });
    const container = new Container();
    const module = dynamoDbModule({ tableName: 'Notes', region: 'us-east-1', client });

    container.load(module);

    expect(container.get(DYNAMODB_TOKENS.DocumentClient)).toBe(client);
    await container.unload(module);
    client.destroy();
  });
});
