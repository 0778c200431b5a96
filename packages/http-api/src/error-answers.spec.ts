import {
  ForbiddenError,
  NoteConflictError,
  NoteNotFoundError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  VersionMismatchError,
} from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { ERROR_ANSWERS, HttpProblem, toErrorAnswer } from './error-answers.js';

describe('toErrorAnswer', () => {
  it("answers each domain error with the API reference's status and body", () => {
    const details = [{ field: 'title', message: 'must not be empty' }];
    const cases = [
      [new ValidationError(details), 400, { error: 'Validation failed', details }],
      [new NoteNotFoundError('n'), 404, { error: 'Note not found' }],
      [new VersionMismatchError('n', 2), 412, { error: 'Version mismatch' }],
      [new NoteConflictError('n'), 409, { error: 'Note already exists' }],
      [new ForbiddenError('not an admin'), 403, { error: 'Forbidden' }],
      [new UnauthenticatedError('invalid', 'bad signature'), 401, { message: 'Unauthorized' }],
      [new UnauthenticatedError('expired', 'exp passed'), 401, { message: 'The incoming token has expired' }],
      [new UnavailableError('throttled', 2), 503, { error: 'Service unavailable' }],
    ] as const;

    for (const [error, status, body] of cases) {
      expect(toErrorAnswer(error), error.name).toMatchObject({ status, body, serverFault: status >= 500 });
    }
  });

  it('tells a client of unavailable storage when to retry, in whole seconds', () => {
    expect(toErrorAnswer(new UnavailableError('throttled', 0.2)).headers).toEqual({ 'Retry-After': '1' });
    expect(toErrorAnswer(new UnavailableError('throttled', 4.5)).headers).toEqual({ 'Retry-After': '5' });
  });

  it("answers the HTTP layer's own problems from the same table", () => {
    expect(toErrorAnswer(HttpProblem.invalidJson())).toMatchObject({
      status: 400,
      body: { error: 'Invalid JSON body' },
    });
    expect(toErrorAnswer(HttpProblem.payloadTooLarge())).toMatchObject({
      status: 413,
      body: { error: 'Payload too large' },
    });
    expect(toErrorAnswer(HttpProblem.preconditionFailed())).toMatchObject({
      status: 412,
      body: { error: 'Version mismatch' },
    });
    expect(toErrorAnswer(HttpProblem.routeNotFound())).toMatchObject({ status: 404, body: { error: 'Not found' } });
    expect(toErrorAnswer(HttpProblem.unauthorized()).body).toBe(ERROR_ANSWERS.unauthorized.body);
  });

  it('answers anything else with a 500 that exposes nothing', () => {
    for (const thrown of [new Error('db password is hunter2'), 'a string', undefined, { code: 'NOT_FOUND' }]) {
      expect(toErrorAnswer(thrown)).toEqual({
        status: 500,
        body: { error: 'Internal server error' },
        headers: {},
        serverFault: true,
      });
    }
  });
});
