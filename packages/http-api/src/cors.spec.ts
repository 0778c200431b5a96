import { describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS, CorsPolicy } from './cors.js';

describe('CorsPolicy', () => {
  const origin = 'https://notes.example.com';

  it('adds nothing when no origin is configured', () => {
    const cors = new CorsPolicy();

    expect(cors.enabled).toBe(false);
    expect(cors.responseHeaders(origin)).toEqual({});
    expect(cors.preflightHeaders(origin)).toBeUndefined();
  });

  it('allows a configured origin, with the exposed headers, and varies on Origin', () => {
    const headers = new CorsPolicy([origin]).responseHeaders(origin);

    expect(headers['Access-Control-Allow-Origin']).toBe(origin);
    expect(headers.Vary).toBe('Origin');
    expect(headers['Access-Control-Expose-Headers']?.split(',')).toEqual([
      'ETag',
      'Location',
      'Retry-After',
      'X-Request-Id',
      'Idempotent-Replayed',
    ]);
  });

  it('answers a preflight from a configured origin with the methods and headers of the API', () => {
    const headers = new CorsPolicy([origin]).preflightHeaders(origin);

    expect(headers?.['Access-Control-Allow-Methods']?.split(',')).toEqual(['GET', 'POST', 'PATCH', 'DELETE']);
    expect(headers?.['Access-Control-Allow-Headers']?.split(',')).toEqual([...CORS_ALLOWED_HEADERS]);
    expect(CORS_ALLOWED_HEADERS).toEqual([
      'Authorization',
      'Content-Type',
      'If-Match',
      'Idempotency-Key',
      'X-Request-Id',
    ]);
  });

  it('gives another origin nothing but Vary', () => {
    const cors = new CorsPolicy([origin]);

    expect(cors.responseHeaders('https://evil.example.net')).toEqual({ Vary: 'Origin' });
    expect(cors.preflightHeaders('https://evil.example.net')).toBeUndefined();
    expect(cors.preflightHeaders(undefined)).toBeUndefined();
  });
});
