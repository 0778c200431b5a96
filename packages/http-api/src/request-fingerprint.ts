/**
 * What makes two requests "the same request" for an idempotency key: the method, the route, the
 * path parameters, `If-Match` and the body as parsed JSON (so spacing and key order do not
 * matter, as the IETF draft suggests), digested with SHA-256.
 */
import { createHash } from 'node:crypto';
import type { NotesRoute } from './routes.js';

/** JSON with object keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * @example
 * requestFingerprint(route, ['01J…'], '"3"', { title: 'x' }) // 'f3a1…' (64 hex digits)
 */
export function requestFingerprint(
  route: NotesRoute,
  params: readonly (string | undefined)[],
  ifMatch: string | undefined,
  body: unknown,
): string {
  return createHash('sha256')
    .update(`${route.method}\n${route.path}\n${JSON.stringify(params)}\n${ifMatch ?? ''}\n`)
    .update(body === undefined ? '-' : canonical(body))
    .digest('hex');
}
