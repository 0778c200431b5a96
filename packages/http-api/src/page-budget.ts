/**
 * How much one page of a listing may hold. Every runtime sends the same page, so every runtime
 * caps it by the largest form it takes on the way out: the Lambda proxy result, which carries the
 * body as a JSON string and so escapes every `"` and `\` of it once more, under Lambda's 6 MB
 * response limit (a result over it is a 502). A note of 150,000 quotes is 300 KB of body and
 * 600 KB of proxy result; twenty of them would pass any cap on the body alone.
 */
import type { Note, PageBudget } from '@secure-notes/domain';

/** Lambda's limit on a synchronous invocation's response (6 MB). */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * The most a page's notes may weigh in a proxy result; the rest of the limit is left to the
 * result's envelope, headers, `count` and `nextToken`, which come to a few kilobytes at most.
 */
export const MAX_PAGE_PROXY_BYTES = 5 * 1024 * 1024;

/**
 * The bytes a JSON-able value takes in a Lambda proxy result's `body`: its JSON, escaped again.
 *
 * @example
 * proxyBodyBytes({ a: '"' }) // 16, where its JSON is 10
 */
export function proxyBodyBytes(value: unknown): number {
  // JSON text holds no control characters or lone surrogates: escaping it again only adds a
  // backslash before each `"` and `\`, and drops the two quotes around the string.
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value)), 'utf8') - 2;
}

/**
 * More than a note can take in a proxy result, from its fields' lengths alone: each UTF-16 unit
 * becomes at most 7 bytes (a control character is `\u0001` in JSON, `\\u0001` escaped again;
 * anything else is at most 3 bytes of UTF-8). Enough to pass a page of ordinary notes without
 * serializing it twice.
 */
function upperBoundBytes(note: Note): number {
  let units = 2;
  for (const key in note) {
    const value = (note as unknown as Record<string, unknown>)[key];
    units += key.length + 4 + (typeof value === 'string' ? value.length : String(value).length);
  }
  return units * 7;
}

/**
 * The page budget every runtime gives a listing: its notes fit in one Lambda proxy result.
 *
 * @example
 * await useCases.listNotes.execute(principal, query, { budget: PROXY_RESULT_PAGE_BUDGET });
 */
export const PROXY_RESULT_PAGE_BUDGET: PageBudget = Object.freeze({
  fits(notes: readonly Note[]): boolean {
    let bound = 0;
    for (const note of notes) bound += upperBoundBytes(note);
    return bound <= MAX_PAGE_PROXY_BYTES || proxyBodyBytes(notes) <= MAX_PAGE_PROXY_BYTES;
  },
});
