/**
 * Request bodies are JSON whatever their `Content-Type` says: the tutorial's `curl -d` sends
 * `application/x-www-form-urlencoded`, and API Gateway hands the Lambda the raw text either way.
 * A body over the limit is a 413, bytes that are not UTF-8 or text that is not JSON a 400, both
 * before any use case runs. An empty body is "no body", which each route interprets.
 *
 * Keys that could reach an object's prototype (`__proto__`, or `constructor` holding a
 * `prototype`) are refused anywhere in the body, as `@middy/http-json-body-parser` refuses them
 * on the Lambda runtime, so that both runtimes give the same answer: a 400 naming the key.
 */
import { ValidationError } from '@secure-notes/domain';
import { HttpProblem } from './error-answers.js';

/** What the API reference allows by default: 300 KiB, room for 256 KiB of content plus JSON escaping. */
export const DEFAULT_BODY_LIMIT_BYTES = 300 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The 400 for a key that could reach a prototype. */
export function forbiddenKeyError(key: string): ValidationError {
  return new ValidationError([{ field: key, message: 'is not allowed' }]);
}

function protectPrototype(key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)
  ) {
    throw forbiddenKeyError(key);
  }
  return value;
}

/**
 * Parses JSON text by the contract's rules; `HttpProblem.invalidJson` when it is not JSON.
 *
 * @example
 * parseJsonText('{"title":"Groceries"}') // { title: 'Groceries' }
 */
export function parseJsonText(text: string): unknown {
  // The reviver costs a call per value; only a text that may name such a key needs it (a key
  // can also be spelled with \u escapes).
  const risky = text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
  try {
    return risky ? JSON.parse(text, protectPrototype) : JSON.parse(text);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw HttpProblem.invalidJson(error);
  }
}

/**
 * A request body by the contract's rules: `undefined` when there is none (absent or empty),
 * else the parsed JSON value. Bytes are decoded as UTF-8, JSON's only encoding, whatever
 * charset is declared.
 *
 * @example
 * parseJsonBody(Buffer.from('{"title":"x"}'), DEFAULT_BODY_LIMIT_BYTES) // { title: 'x' }
 * parseJsonBody('', DEFAULT_BODY_LIMIT_BYTES) // undefined
 */
export function parseJsonBody(
  raw: string | Uint8Array | null | undefined,
  limitBytes: number = DEFAULT_BODY_LIMIT_BYTES,
): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') {
    if (raw.length === 0) return undefined;
    // A UTF-8 character is at most 3 bytes per UTF-16 unit: count bytes only near the limit.
    if (raw.length * 3 > limitBytes && Buffer.byteLength(raw, 'utf8') > limitBytes) {
      throw HttpProblem.payloadTooLarge();
    }
    return parseJsonText(raw);
  }
  if (raw.byteLength === 0) return undefined;
  if (raw.byteLength > limitBytes) throw HttpProblem.payloadTooLarge();
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch (error) {
    throw HttpProblem.invalidJson(error);
  }
  return parseJsonText(text);
}
