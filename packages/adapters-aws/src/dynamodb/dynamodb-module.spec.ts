import { TOKENS } from '@secure-notes/container';
import { Container } from 'inversify';
import { describe, expect, it, vi } from 'vitest';
import { DynamoDbIdempotencyStore } from './dynamodb-idempotency-store.js';
import { DYNAMODB_NOTES_STORE, dynamoDbModule } from './dynamodb-module.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';

// An endpoint nothing is sent to: the module builds clients, it never calls DynamoDB.
const options = { tableName: 'Notes', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', env: {} } as const;

describe('dynamoDbModule', () => {
  it('binds the repository and the idempotency store over one store, built once', () => {
    // prepare
    const container = new Container({ defaultScope: 'Singleton' });

    // act
    container.load(dynamoDbModule(options));
    const store = container.get(DYNAMODB_NOTES_STORE);

    // assert
    expect(container.get(TOKENS.NotesRepository)).toBeInstanceOf(DynamoDbNotesRepository);
    expect(container.get(TOKENS.NotesRepository)).toBe(store.repository);
    expect(container.get(TOKENS.IdempotencyStore)).toBeInstanceOf(DynamoDbIdempotencyStore);
    expect(container.get(TOKENS.IdempotencyStore)).toBe(store.idempotency);
    expect(container.get(DYNAMODB_NOTES_STORE)).toBe(store);
  });

  it('destroys the DynamoDB client when the container is unbound', async () => {
    // prepare
    const container = new Container({ defaultScope: 'Singleton' });
    container.load(dynamoDbModule(options));
    const destroy = vi.spyOn(container.get(DYNAMODB_NOTES_STORE).client, 'destroy');

    // act
    await container.unbindAllAsync();

    // assert
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});
