/**
 * Every SDK failure the repository maps, injected by a local endpoint that answers as a
 * misbehaving DynamoDB would. The real SDK client sends the requests, so its own retries,
 * timeouts and error parsing run; only the retry delay is shortened.
 */
import {
  NoteConflictError,
  NoteNotFoundError,
  UnavailableError,
  ValidationError,
  VersionMismatchError,
} from '@secure-notes/domain';
import { aNote, aUserId, sequentialIds } from '@secure-notes/domain/testing';
import { type Fault, type RecordedRequest, refusingEndpoint, startStorageProxy } from '@secure-notes/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DynamoDbNotesRepository, type DynamoDbNotesRepositoryOptions } from './dynamodb-notes-repository.js';

const MAX_ATTEMPTS = 3;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function clientFor(endpoint: string) {
  return createDynamoDbDocumentClient({
    region: 'us-east-1',
    endpoint,
    env: {},
    maxAttempts: MAX_ATTEMPTS,
    retryDelayMs: 5,
    connectionTimeoutMs: 300,
    requestTimeoutMs: 300,
  });
}

/** A repository over the storage proxy; `answer` decides each response. */
async function faultyRepository(
  answer: (request: RecordedRequest) => Fault,
  options: Partial<DynamoDbNotesRepositoryOptions> = {},
) {
  const faults = await startStorageProxy({ fault: answer });
  const client = clientFor(faults.endpoint);
  const repository = new DynamoDbNotesRepository(client, { tableName: 'Notes', ...options });
  cleanups.push(async () => {
    client.destroy();
    await faults.close();
  });
  return { repository, requests: faults.requests };
}

const owner = aUserId();
const noteId = sequentialIds().next();
const at = '2026-02-02T00:00:00.000Z';
const storedItem = {
  userId: { S: owner },
  noteId: { S: noteId },
  title: { S: 'Stored' },
  content: { S: '' },
  createdAt: { S: at },
  updatedAt: { S: at },
  version: { N: '4' },
};

describe('DynamoDbNotesRepository when DynamoDB throttles', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    'reports %s as unavailable, after the SDK has retried',
    async (type) => {
      const subject = await faultyRepository(() => ({ kind: 'error', status: 400, type }));

      const reading = subject.repository.get(owner, noteId);

      await expect(reading).rejects.toBeInstanceOf(UnavailableError);
      await expect(reading).rejects.toMatchObject({ retryAfterSeconds: 2 });
      expect(subject.requests).toHaveLength(MAX_ATTEMPTS);
    },
  );

  it('succeeds when a retry of the SDK gets through', async () => {
    const subject = await faultyRepository((request) =>
      subject.requests.length < MAX_ATTEMPTS
        ? { kind: 'error', status: 400, type: 'ThrottlingException' }
        : { kind: 'ok', body: request.operation === 'GetItem' ? { Item: storedItem } : {} },
    );

    const note = await subject.repository.get(owner, noteId);

    expect(note).toMatchObject({ noteId, title: 'Stored', version: 4 });
    expect(subject.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('reports a throttled listing as unavailable', async () => {
    const subject = await faultyRepository(() => ({
      kind: 'error',
      status: 400,
      type: 'ProvisionedThroughputExceededException',
    }));

    await expect(subject.repository.list(owner, { limit: 10 })).rejects.toBeInstanceOf(UnavailableError);
    expect(subject.requests.map((r) => r.operation)).toEqual(Array(MAX_ATTEMPTS).fill('Query'));
  });
});

describe('DynamoDbNotesRepository when DynamoDB cannot be reached', () => {
  it('reports a server error as unavailable', async () => {
    const subject = await faultyRepository(() => ({ kind: 'error', status: 500, type: 'InternalServerError' }));

    await expect(subject.repository.create(aNote({ userId: owner, noteId }))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryAfterSeconds: 1,
    });
    expect(subject.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('reports a dropped connection as unavailable', async () => {
    const subject = await faultyRepository(() => ({ kind: 'reset' }));

    await expect(subject.repository.delete(owner, noteId)).rejects.toBeInstanceOf(UnavailableError);
    expect(subject.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('reports a request that gets no answer as unavailable once the request timeout passes', async () => {
    const subject = await faultyRepository(() => ({ kind: 'hang' }));
    const started = Date.now();

    await expect(subject.repository.get(owner, noteId)).rejects.toBeInstanceOf(UnavailableError);
    expect(subject.requests).toHaveLength(MAX_ATTEMPTS);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a refused connection as unavailable', async () => {
    const refusing = await refusingEndpoint();
    const client = clientFor(refusing.endpoint);
    cleanups.push(async () => {
      client.destroy();
      await refusing.close();
    });
    const repository = new DynamoDbNotesRepository(client, { tableName: 'Notes' });

    await expect(repository.list(owner, { limit: 1 })).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe('DynamoDbNotesRepository when DynamoDB refuses the request', () => {
  it('turns an item over the size limit into a validation error on the content, without retrying', async () => {
    const sized = await faultyRepository(() => ({
      kind: 'error',
      status: 400,
      type: 'ValidationException',
      extra: { message: 'Item size has exceeded the maximum allowed size' },
    }));

    const creating = sized.repository.create(aNote({ userId: owner, noteId }));

    await expect(creating).rejects.toBeInstanceOf(ValidationError);
    await expect(creating).rejects.toMatchObject({ details: [{ field: 'content' }] });
    expect(sized.requests).toHaveLength(1);
  });

  it('lets any other refusal through as the bug it is', async () => {
    const invalid = await faultyRepository(() => ({ kind: 'error', status: 400, type: 'ValidationException' }));
    const denied = await faultyRepository(() => ({ kind: 'error', status: 400, type: 'AccessDeniedException' }));
    const missing = await faultyRepository(() => ({ kind: 'error', status: 400, type: 'ResourceNotFoundException' }));

    await expect(invalid.repository.get(owner, noteId)).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(denied.repository.get(owner, noteId)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(missing.repository.list(owner, { limit: 1 })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(invalid.requests).toHaveLength(1);
  });
});

describe('DynamoDbNotesRepository when a condition fails', () => {
  const conditionFailed = (item?: object): Fault => ({
    kind: 'error',
    status: 400,
    type: 'ConditionalCheckFailedException',
    ...(item === undefined ? {} : { extra: { Item: item } }),
  });

  it('reports a create over an existing note as a conflict', async () => {
    const subject = await faultyRepository(() => conditionFailed());

    await expect(subject.repository.create(aNote({ userId: owner, noteId }))).rejects.toBeInstanceOf(NoteConflictError);
    expect(subject.requests[0]?.body).toMatchObject({ ConditionExpression: 'attribute_not_exists(#noteId)' });
  });

  it('tells a stale version from the old item that DynamoDB returns, without a second request', async () => {
    const subject = await faultyRepository(() => conditionFailed(storedItem));

    const updating = subject.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 3);

    await expect(updating).rejects.toBeInstanceOf(VersionMismatchError);
    expect(subject.requests.map((r) => r.operation)).toEqual(['UpdateItem']);
    expect(subject.requests[0]?.body).toMatchObject({
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ReturnValues: 'ALL_NEW',
    });
  });

  it('trusts a missing old item to mean "not found" once the backend has shown that it returns items', async () => {
    const failures = [conditionFailed(storedItem), conditionFailed()];
    const subject = await faultyRepository(() => failures.shift() ?? { kind: 'hang' });

    await expect(subject.repository.delete(owner, noteId, 3)).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(subject.repository.delete(owner, noteId, 3)).rejects.toBeInstanceOf(NoteNotFoundError);
    expect(subject.requests.map((r) => r.operation)).toEqual(['DeleteItem', 'DeleteItem']);
  });

  it('decides with one consistent read where the backend does not return the old item (dynalite)', async () => {
    const stale = await faultyRepository((request) =>
      request.operation === 'GetItem' ? { kind: 'ok', body: { Item: storedItem } } : conditionFailed(),
    );
    const gone = await faultyRepository((request) =>
      request.operation === 'GetItem' ? { kind: 'ok', body: {} } : conditionFailed(),
    );

    await expect(stale.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 3)).rejects.toBeInstanceOf(
      VersionMismatchError,
    );
    await expect(gone.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 3)).rejects.toBeInstanceOf(
      NoteNotFoundError,
    );
    expect(stale.requests.map((r) => r.operation)).toEqual(['UpdateItem', 'GetItem']);
    expect(stale.requests[1]?.body).toMatchObject({ ConsistentRead: true });
  });

  it("takes an old item that carries the update's own write id, after a retry, as its result without a read", async () => {
    const answers = (request: RecordedRequest): Fault => {
      if (subject.requests.length === 1) return { kind: 'hang' };
      const values = request.body.ExpressionAttributeValues as Record<string, { S?: string }>;
      return conditionFailed({ ...storedItem, writeId: { S: values[':writeId']?.S } });
    };
    const subject = await faultyRepository(answers);

    const updated = await subject.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 3);

    expect(updated).toEqual({
      userId: owner,
      noteId,
      title: 'Stored',
      content: '',
      createdAt: at,
      updatedAt: at,
      version: 4,
      attachments: [],
    });
    expect(subject.requests.map((r) => r.operation)).toEqual(['UpdateItem', 'UpdateItem']);
  });

  it('gives every update its own write id, stored with the change and refused when already there', async () => {
    const subject = await faultyRepository(() => ({ kind: 'ok', body: { Attributes: storedItem } }));

    await subject.repository.update(owner, noteId, { title: 'x', updatedAt: at });
    await subject.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 4);

    const bodies = subject.requests.map((r) => r.body);
    const writeIds = bodies.map(
      (body) => (body.ExpressionAttributeValues as Record<string, { S?: string }>)[':writeId']?.S,
    );
    expect(new Set(writeIds).size).toBe(2);
    for (const body of bodies) {
      expect(body).toMatchObject({
        UpdateExpression: expect.stringContaining('#writeId = :writeId'),
        ConditionExpression: expect.stringContaining('(attribute_not_exists(#writeId) OR #writeId <> :writeId)'),
        ExpressionAttributeNames: expect.objectContaining({ '#writeId': 'writeId' }),
      });
    }
  });

  it('takes the very note it creates, found in the way after a retry, as created', async () => {
    const note = aNote({ userId: owner, noteId, title: 'Mine', createdAt: at, updatedAt: at, version: 1 });
    const same = {
      userId: { S: owner },
      noteId: { S: noteId },
      title: { S: 'Mine' },
      content: { S: note.content },
      createdAt: { S: at },
      updatedAt: { S: at },
      version: { N: '1' },
    };
    const subject = await faultyRepository(() =>
      subject.requests.length === 1 ? { kind: 'hang' } : conditionFailed(same),
    );
    const other = await faultyRepository(() =>
      other.requests.length === 1 ? { kind: 'hang' } : conditionFailed({ ...same, title: { S: 'Theirs' } }),
    );

    await subject.repository.create(note);
    await expect(other.repository.create(note)).rejects.toBeInstanceOf(NoteConflictError);
    expect(subject.requests.map((r) => r.operation)).toEqual(['PutItem', 'PutItem']);
    expect(subject.requests[0]?.body).toMatchObject({ ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });

  it("needs no read when configured for DynamoDB's own behaviour, or when no version was expected", async () => {
    const configured = await faultyRepository(() => conditionFailed(), { oldItemOnConditionFailure: 'returned' });
    const unversioned = await faultyRepository(() => conditionFailed());

    await expect(configured.repository.update(owner, noteId, { title: 'x', updatedAt: at }, 3)).rejects.toBeInstanceOf(
      NoteNotFoundError,
    );
    await expect(unversioned.repository.delete(owner, noteId)).rejects.toBeInstanceOf(NoteNotFoundError);
    expect(configured.requests.map((r) => r.operation)).toEqual(['UpdateItem']);
    expect(unversioned.requests.map((r) => r.operation)).toEqual(['DeleteItem']);
  });
});

describe('DynamoDbNotesRepository requests', () => {
  it("continue a listing only inside the caller's own partition, and never scan", async () => {
    const subject = await faultyRepository(() => ({ kind: 'ok', body: { Items: [], Count: 0 } }));
    const startAfter = sequentialIds().next();

    await subject.repository.list(owner, { limit: 5, startAfter });

    expect(subject.requests).toEqual([
      {
        operation: 'Query',
        body: expect.objectContaining({
          KeyConditionExpression: '#userId = :owner',
          ExpressionAttributeValues: { ':owner': { S: owner } },
          ExclusiveStartKey: { userId: { S: owner }, noteId: { S: startAfter } },
          ScanIndexForward: false,
          Limit: 6,
          ConsistentRead: true,
        }),
      },
    ]);
  });
});

describe('DynamoDbNotesRepository within a request deadline', () => {
  it('gives up on a storage that never answers when the deadline passes, retries included, with 503', async () => {
    // Each attempt may wait 2 s; the deadline allows 400 ms for the whole call.
    const faults = await startStorageProxy({ fault: () => ({ kind: 'hang' }) });
    const client = createDynamoDbDocumentClient({
      region: 'us-east-1',
      endpoint: faults.endpoint,
      env: {},
      maxAttempts: 3,
      requestTimeoutMs: 2_000,
    });
    cleanups.push(async () => {
      client.destroy();
      await faults.close();
    });
    const repository = new DynamoDbNotesRepository(client, { tableName: 'Notes' });
    const started = Date.now();

    const reading = repository.get(owner, noteId, { deadline: started + 400 });

    await expect(reading).rejects.toBeInstanceOf(UnavailableError);
    // Bounded by the deadline, not by three attempts of two seconds (reported, not a timing assertion).
    console.info(`[deadline] a hung storage was answered 503 after ${Date.now() - started} ms (deadline 400 ms)`);
    expect(faults.requests.length).toBeLessThan(3);
  });

  it('sends nothing once the deadline has passed', async () => {
    const subject = await faultyRepository(() => ({ kind: 'ok', body: {} }));

    const writing = subject.repository.create(aNote({ userId: owner, noteId: sequentialIds().next() }), {
      deadline: Date.now() - 1,
    });

    await expect(writing).rejects.toBeInstanceOf(UnavailableError);
    expect(subject.requests).toHaveLength(0);
  });
});
