/**
 * What makes two requests "the same request" for an idempotency key: the method, the route, the
 * path parameters, `If-Match` and the body as parsed JSON (so spacing and key order do not
 * matter, as the IETF draft suggests), digested with SHA-256.
 */
import { createHash, type Hash } from 'node:crypto';
import type { NotesRoute } from './routes.js';

/** Text written as it is, between the values that `canonicalInto` still has to write. */
class Punctuation {
  constructor(readonly text: string) {}
}

/**
 * Writes `root` as JSON with object keys sorted at every level. A loop over an explicit stack,
 * not recursion: a body nested thousands of levels deep (JSON.parse takes it) must not exhaust
 * the call stack.
 */
function canonicalInto(hash: Hash, root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value instanceof Punctuation) {
      hash.update(value.text);
    } else if (Array.isArray(value)) {
      hash.update('[');
      pending.push(new Punctuation(']'));
      for (let i = value.length - 1; i >= 0; i -= 1) {
        pending.push(value[i]);
        if (i > 0) pending.push(new Punctuation(','));
      }
    } else if (value !== null && typeof value === 'object') {
      hash.update('{');
      pending.push(new Punctuation('}'));
      const keys = Object.keys(value).sort();
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        pending.push((value as Record<string, unknown>)[key]);
        pending.push(new Punctuation(`${JSON.stringify(key)}:`));
        if (i > 0) pending.push(new Punctuation(','));
      }
    } else {
      hash.update(JSON.stringify(value) ?? 'null');
    }
  }
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
  const hash = createHash('sha256').update(
    `${route.method}\n${route.path}\n${JSON.stringify(params)}\n${ifMatch ?? ''}\n`,
  );
  if (body === undefined) hash.update('-');
  else canonicalInto(hash, body);
  return hash.digest('hex');
}
