/**
 * The contract's own settings, read alike by every runtime that serves it (the Express server,
 * the notes function): the browser origins allowed (CORS), the largest body, the storage budget
 * of one request, and the secret that seals page tokens. A schema that `readEnv` (service-kit)
 * applies to the environment.
 */
import { documented, list, Problem, parsed, wholeNumber } from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
import { DEFAULT_STORAGE_BUDGET_MS } from './notes-http-handler.js';

/** The shortest page-token secret accepted: 32 characters, 256 bits as hex. */
export const MIN_CURSOR_SECRET_LENGTH = 32;

/** An origin as browsers send it (scheme, host, port); a trailing `/` is dropped. */
function origin(value: string): string | Problem {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    return new Problem(`must be origins such as https://app.example.com (no path), not ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/**
 * @example
 * const { api } = readEnv({ api: API_ENV }, { NOTES_CURSOR_SECRET: secret, CORS_ORIGINS: 'http://localhost:5173/' });
 * api.CORS_ORIGINS // ['http://localhost:5173']
 */
export const API_ENV = v.object({
  NOTES_CURSOR_SECRET: documented(
    parsed((value) =>
      value.length >= MIN_CURSOR_SECRET_LENGTH
        ? value
        : new Problem(`must be at least ${MIN_CURSOR_SECRET_LENGTH} characters`),
    ),
    `a random secret of ${MIN_CURSOR_SECRET_LENGTH}+ characters that seals list page tokens; the same on every instance`,
    { secret: true },
  ),
  CORS_ORIGINS: documented(
    v.optional(list(origin), ''),
    'browser origins allowed to call the API, comma-separated (none by default)',
  ),
  BODY_LIMIT_BYTES: documented(
    v.optional(wholeNumber(1024, Number.MAX_SAFE_INTEGER, 'bytes'), String(DEFAULT_BODY_LIMIT_BYTES)),
    `the largest request body accepted (${DEFAULT_BODY_LIMIT_BYTES} bytes by default)`,
  ),
  STORAGE_BUDGET_MS: documented(
    v.optional(wholeNumber(100, Number.MAX_SAFE_INTEGER, 'milliseconds'), String(DEFAULT_STORAGE_BUDGET_MS)),
    `how long storage may take for one request, retries included, before the answer is a 503 (${DEFAULT_STORAGE_BUDGET_MS} ms by default)`,
  ),
});
