import { ConfigError, type Env, readEnv } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { API_ENV } from './api-env.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
import { DEFAULT_STORAGE_BUDGET_MS } from './notes-http-handler.js';

const SECRET = 's'.repeat(32);

function errorOf(env: Env): string {
  try {
    readEnv({ api: API_ENV }, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('API_ENV', () => {
  it('needs only the page-token secret; no origin is allowed by default', () => {
    expect(readEnv({ api: API_ENV }, { NOTES_CURSOR_SECRET: SECRET }).api).toEqual({
      NOTES_CURSOR_SECRET: SECRET,
      CORS_ORIGINS: [],
      BODY_LIMIT_BYTES: DEFAULT_BODY_LIMIT_BYTES,
      STORAGE_BUDGET_MS: DEFAULT_STORAGE_BUDGET_MS,
    });
  });

  it('keeps CORS origins as browsers send them', () => {
    const { api } = readEnv(
      { api: API_ENV },
      { NOTES_CURSOR_SECRET: SECRET, CORS_ORIGINS: 'https://app.example.com/, http://localhost:5173' },
    );

    expect(api.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it.each([
    ['https://app.example.com/notes', 'CORS_ORIGINS must be origins such as https://app.example.com (no path)'],
    ['ftp://files.example.com', 'CORS_ORIGINS must be origins'],
  ])('refuses CORS_ORIGINS=%s', (origins, message) => {
    expect(errorOf({ NOTES_CURSOR_SECRET: SECRET, CORS_ORIGINS: origins })).toContain(message);
  });

  it('refuses a short secret without repeating it, and a body limit under 1 KiB, at once', () => {
    const message = errorOf({ NOTES_CURSOR_SECRET: 'hunter2', BODY_LIMIT_BYTES: '100' });

    expect(message).toContain('NOTES_CURSOR_SECRET must be at least 32 characters');
    expect(message).toContain('BODY_LIMIT_BYTES must be a whole number of bytes, at least 1024, got "100"');
    expect(message).not.toContain('hunter2');
  });
});
