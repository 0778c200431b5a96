/**
 * A Lambda proxy integration's result, checked as API Gateway (REST API) checks it before it
 * answers with it. What it refuses as "Malformed Lambda proxy response" (and answers 502):
 * anything but an object; a key other than `statusCode`, `headers`, `multiValueHeaders`,
 * `body` and `isBase64Encoded`; a `statusCode` that is not a whole number; a `body` that is not
 * a string; header values that are not strings, numbers or booleans. `headers` and
 * `multiValueHeaders` are merged; for a name in both, only the multi-value list counts. With
 * no `Content-Type`, API Gateway answers `application/json`.
 */

export class MalformedProxyResultError extends Error {
  override readonly name = 'MalformedProxyResultError';
}

export interface ProxyResponse {
  readonly statusCode: number;
  /** Header name and value pairs, in order; a name may repeat. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

const KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function headerText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedProxyResultError(`${where} must be a string, a number or a boolean`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks and converts a proxy result; throws `MalformedProxyResultError` saying what is wrong.
 *
 * @example
 * parseProxyResult({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' })
 * // { statusCode: 200, headers: [['Content-Type', 'text/plain']], body: <Buffer 6f 6b> }
 */
export function parseProxyResult(value: unknown): ProxyResponse {
  if (!isRecord(value)) throw new MalformedProxyResultError('the result is not an object');
  for (const key of Object.keys(value)) {
    if (!KEYS.has(key)) throw new MalformedProxyResultError(`the result has a key API Gateway does not accept: ${key}`);
  }
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = value;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedProxyResultError('statusCode must be a whole number from 100 to 599');
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedProxyResultError('body must be a string (JSON.stringify an object first)');
  }
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    throw new MalformedProxyResultError('isBase64Encoded must be a boolean');
  }
  const pairs: [string, string][] = [];
  const multi = new Set<string>();
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (!isRecord(multiValueHeaders)) throw new MalformedProxyResultError('multiValueHeaders must be an object');
    for (const [name, values] of Object.entries(multiValueHeaders)) {
      if (!Array.isArray(values)) throw new MalformedProxyResultError(`multiValueHeaders.${name} must be a list`);
      multi.add(name.toLowerCase());
      for (const item of values) pairs.push([name, headerText(item, `multiValueHeaders.${name}`)]);
    }
  }
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) throw new MalformedProxyResultError('headers must be an object');
    for (const [name, item] of Object.entries(headers)) {
      if (!multi.has(name.toLowerCase())) pairs.push([name, headerText(item, `headers.${name}`)]);
    }
  }
  if (!pairs.some(([name]) => name.toLowerCase() === 'content-type')) pairs.push(['Content-Type', 'application/json']);
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode,
    headers: pairs,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
