/**
 * `If-Match` carries the version a client last saw, as the strong ETag `"<version>"` that
 * single-note responses send. Parsing is strict where the RFC is (a weak tag `W/"3"` never
 * matches under If-Match's strong comparison) and lenient where it costs nothing (a bare `3`,
 * as typed on a command line, means version 3).
 */

export type IfMatch =
  /** No header, or `*`: change the note whatever its version. */
  | { readonly kind: 'any' }
  | { readonly kind: 'version'; readonly version: number }
  /** A header no version can satisfy (weak, malformed, a list): the precondition fails. */
  | { readonly kind: 'never' };

const STRONG = /^"([1-9]\d{0,14})"$/;
const BARE = /^[1-9]\d{0,14}$/;

/** @example parseIfMatch('"3"') // { kind: 'version', version: 3 } */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'any' };
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const digits = STRONG.exec(value)?.[1] ?? (BARE.test(value) ? value : undefined);
  return digits === undefined ? { kind: 'never' } : { kind: 'version', version: Number(digits) };
}

/** The strong ETag of a note at `version`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
