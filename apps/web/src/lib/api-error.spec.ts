import { describe, expect, it } from 'vitest';
import { ApiError, describeError, parseRetryAfter } from './api-error.js';

describe('describeError', () => {
  it.each([
    [403, /not allowed/],
    [404, /does not exist, or it was deleted/],
    [409, /still being saved/],
    [412, /changed this note after you opened it/],
    [413, /too long/],
    [0, /could not be reached/],
    [500, /failed to answer/],
  ])('explains a %i in words', (status, words) => {
    expect(describeError(new ApiError(status, undefined))).toMatch(words);
  });

  it('tells how long to wait after a 429 or a 503, from Retry-After', () => {
    expect(describeError(new ApiError(429, undefined, 5))).toBe(
      'Too many requests in a short time. Try again in 5 seconds.',
    );
    expect(describeError(new ApiError(503, undefined, 1))).toMatch(/nothing was changed\. Try again in 1 second\./);
  });

  it('names the fields a 400 refused', () => {
    const error = new ApiError(400, {
      error: 'Validation failed',
      details: [{ field: 'title', message: 'must be at most 256 characters' }],
    });
    expect(describeError(error)).toMatch(/title must be at most 256 characters/);
  });

  it('keeps the draft in mind when the session ended', () => {
    expect(describeError(new ApiError(401, undefined))).toMatch(/Sign in again; your draft is kept/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
