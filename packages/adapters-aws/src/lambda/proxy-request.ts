/**
 * A Lambda proxy event's headers and body read as the Express server reads an HTTP request, so
 * that the contract sees the same request on either runtime: repeated headers joined as Node
 * joins them, a base64 body decoded as strict UTF-8, a byte order mark before the JSON ignored.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * Headers that Node's HTTP server keeps once when a request repeats them (the first value), as
 * `IncomingMessage.headers` documents; every other repeated header is joined with `, `.
 */
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

function addHeader(headers: Map<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  const earlier = headers.get(lower);
  if (earlier === undefined) headers.set(lower, value);
  else if (!SINGLE_VALUED.has(lower)) headers.set(lower, `${earlier}, ${value}`);
}

/**
 * The request's headers by lower-case name, read as the Express server reads them: a repeated
 * header (two `If-Match` lines) is joined with `, `, so the contract sees both values on either
 * runtime. API Gateway keeps every value in `multiValueHeaders`; `headers` holds only the last.
 */
export function lowerCaseHeaders(event: Partial<APIGatewayProxyEvent>): Map<string, string> {
  const headers = new Map<string, string>();
  const multi = event.multiValueHeaders;
  if (multi !== null && typeof multi === 'object') {
    for (const name in multi) {
      const values = multi[name];
      if (Array.isArray(values))
        for (const value of values) if (typeof value === 'string') addHeader(headers, name, value);
    }
  }
  const given = event.headers;
  if (given !== null && typeof given === 'object') {
    for (const name in given) {
      const value = given[name];
      if (typeof value === 'string' && !headers.has(name.toLowerCase())) headers.set(name.toLowerCase(), value);
    }
  }
  return headers;
}

/** The bytes a body stands for, base64 or not, without decoding it. */
export function bodyByteLength(body: string, base64: boolean): number {
  return base64
    ? Math.floor((body.length * 3) / 4) - (body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0)
    : Buffer.byteLength(body);
}

/** UTF-8 that refuses bytes that are not UTF-8 (and drops a leading byte order mark). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text a JSON parser should read, as the Express server reads bytes: a base64 body decoded
 * as strict UTF-8 (bytes that are not UTF-8 throw, rather than become replacement characters),
 * and a byte order mark before the JSON dropped (RFC 8259 lets a parser ignore it).
 */
export function bodyText(body: string, base64: boolean): string {
  const text = base64 ? strictUtf8.decode(Buffer.from(body, 'base64')) : body;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
