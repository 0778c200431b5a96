import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { UnavailableError, ValidationError } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { classifyDynamoDbError, toPortError } from './dynamodb-errors.js';

const metadata = { $metadata: {} };

function sdkError(name: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 }, ...extra });
}

describe('classifyDynamoDbError', () => {
  it('recognises a failed condition', () => {
    const error = new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });

    expect(classifyDynamoDbError(error)).toBe('condition-failed');
  });

  it.each([
    new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata }),
    new RequestLimitExceeded({ message: 'account limit', ...metadata }),
    sdkError('ThrottlingException', 'Rate exceeded'),
  ])('counts $name as throttling', (error) => {
    expect(classifyDynamoDbError(error)).toBe('throttled');
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    Object.assign(new Error('request timed out'), { name: 'TimeoutError' }),
    new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'every address refused'),
    new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }),
  ])('counts "$message" as unreachable', (error) => {
    expect(classifyDynamoDbError(error)).toBe('unreachable');
  });

  it('blames the item size on the input', () => {
    expect(
      classifyDynamoDbError(sdkError('ValidationException', 'Item size has exceeded the maximum allowed size')),
    ).toBe('item-too-large');
    expect(
      classifyDynamoDbError(
        sdkError('ValidationException', 'Item size to update has exceeded the maximum allowed size'),
      ),
    ).toBe('item-too-large');
  });

  it('leaves everything else to be a bug', () => {
    expect(classifyDynamoDbError(sdkError('ValidationException', 'Invalid UpdateExpression: syntax error'))).toBe(
      'other',
    );
    expect(classifyDynamoDbError(new ResourceNotFoundException({ message: 'no table', ...metadata }))).toBe('other');
    expect(classifyDynamoDbError('a string')).toBe('other');
  });
});

describe('toPortError', () => {
  it('asks the caller to come back later when throttled or unreachable', () => {
    const throttled = toPortError(sdkError('ThrottlingException', 'Rate exceeded'));
    const unreachable = toPortError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));

    expect(throttled).toBeInstanceOf(UnavailableError);
    expect((throttled as UnavailableError).retryAfterSeconds).toBe(2);
    expect(unreachable).toBeInstanceOf(UnavailableError);
    expect((unreachable as UnavailableError).retryAfterSeconds).toBe(1);
  });

  it('turns an oversized item into a validation error on the content', () => {
    const error = toPortError(sdkError('ValidationException', 'Item size has exceeded the maximum allowed size'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([
      { field: 'content', message: expect.stringContaining('400 KB') },
    ]);
  });

  it('hands back any other error untouched', () => {
    const bug = sdkError('ValidationException', 'ExpressionAttributeValues contains invalid key');

    expect(toPortError(bug)).toBe(bug);
  });
});
