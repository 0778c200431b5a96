/**
 * SigV4 as S3 checks it, for the three ways the feature signs a request: the `Authorization`
 * header (the SDK's own calls), the query string (presigned GETs), and a POST policy (presigned
 * uploads). The expected signature is computed with `@smithy/signature-v4`, the SDK's own
 * signer, over the request as received (its encoded path, its query, the headers it names as
 * signed), and compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { S3Error } from './s3-error.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The request as the signature covers it. */
export interface ReceivedRequest {
  readonly method: string;
  /** The path exactly as sent, still percent-encoded. */
  readonly rawPath: string;
  /** The query parameters, decoded, in the order sent. */
  readonly query: readonly (readonly [string, string])[];
  /** Lower-case names; a header sent twice is joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a request's date may be from the server's clock (S3's 15 minutes). */
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** The SDK's SHA-256 on node:crypto, as the signer's `sha256` constructor wants it. */
class Sha256 extends Hash {
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    super('sha256', secret);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `20260101T000000Z` as a date; `undefined` when it is not one. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface Scope {
  readonly credentials: Credentials;
  readonly date: string;
  readonly region: string;
}

/** `AKID/20260101/us-east-1/s3/aws4_request`, checked against this server's keys and region. */
function parseCredential(value: string, keys: readonly Credentials[], region: string): Scope {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[3] !== 's3' || parts[4] !== 'aws4_request') {
    throw new S3Error('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter: ${value}`);
  }
  const [accessKeyId, date, scopeRegion] = parts as [string, string, string];
  const credentials = keys.find((key) => key.accessKeyId === accessKeyId);
  if (credentials === undefined) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (scopeRegion !== region) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `the region '${scopeRegion}' is wrong; expecting '${region}'`,
    );
  }
  return { credentials, date, region: scopeRegion };
}

function signerFor(credentials: Credentials, region: string): SignatureV4 {
  return new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false });
}

function toHttpRequest(request: ReceivedRequest, signedHeaders: readonly string[]) {
  const headers: Record<string, string> = {};
  // A signed header that is not sent is signed as empty: the signature then differs.
  for (const name of signedHeaders) headers[name] = request.headers[name] ?? '';
  const unsigned = Object.keys(request.headers).filter(
    (name) => name.startsWith('x-amz-') && !signedHeaders.includes(name),
  );
  if (unsigned.length > 0) {
    throw new S3Error(
      'AccessDenied',
      `There were headers present in the request which were not signed: ${unsigned.join(', ')}`,
    );
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of request.query) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const host = request.headers.host ?? '';
  const [hostname, port] = host.split(':');
  return {
    method: request.method,
    protocol: 'http:',
    hostname: hostname ?? '',
    ...(port === undefined ? {} : { port: Number(port) }),
    path: request.rawPath,
    query,
    headers,
  };
}

function signedHeaderList(value: string): string[] {
  const names = value.split(';').filter((name) => name.length > 0);
  if (!names.includes('host')) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed: host');
  }
  return names;
}

/**
 * Checks a request signed in its `Authorization` header. Throws the `S3Error` S3 answers.
 */
export async function verifyHeaderSignature(
  request: ReceivedRequest,
  keys: readonly Credentials[],
  region: string,
  now: Date,
): Promise<void> {
  const authorization = request.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!match) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type');
  const [, credential, signed, signature] = match as unknown as [string, string, string, string];
  const scope = parseCredential(credential, keys, region);
  const date = parseAmzDate(request.headers['x-amz-date']);
  if (
    date === undefined ||
    !date
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, '')
      .startsWith(scope.date)
  ) {
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) {
    throw new S3Error(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  }
  const names = signedHeaderList(signed);
  const signedRequest = await signerFor(scope.credentials, region).sign(toHttpRequest(request, names), {
    signingDate: date,
    signableHeaders: new Set(names),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signedRequest.headers.authorization))?.[1] ?? '';
  if (!sameText(expected, signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
}

const PRESIGN_PARAMETERS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
]);

/** Whether the request carries a presigned query string. */
export function isPresigned(request: ReceivedRequest): boolean {
  return request.query.some(([name]) => name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm');
}

/** Checks a presigned URL: its signature, and that it has not expired. Throws the `S3Error` S3 answers. */
export async function verifyQuerySignature(
  request: ReceivedRequest,
  keys: readonly Credentials[],
  region: string,
  now: Date,
): Promise<void> {
  const param = (name: string) => request.query.find(([key]) => key === name)?.[1];
  if (param('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const scope = parseCredential(param('X-Amz-Credential') ?? '', keys, region);
  const date = parseAmzDate(param('X-Amz-Date'));
  const expires = Number(param('X-Amz-Expires'));
  const signature = param('X-Amz-Signature') ?? '';
  if (date === undefined || !param('X-Amz-Date')?.startsWith(scope.date)) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
    );
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be a whole number of seconds from 1 to 604800',
    );
  }
  if (now.getTime() > date.getTime() + expires * 1000) throw new S3Error('AccessDenied', 'Request has expired');
  if (date.getTime() - now.getTime() > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
  const names = signedHeaderList(param('X-Amz-SignedHeaders') ?? '');
  const unsigned = { ...request, query: request.query.filter(([name]) => !PRESIGN_PARAMETERS.has(name)) };
  const httpRequest = toHttpRequest(unsigned, names);
  // A presigned request's payload is never signed: the SDK puts `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD`
  // in the query, where it stays, signed as a query parameter. The signer reads the payload hash
  // from a header only, so it is given one that it neither hoists nor signs.
  httpRequest.headers['x-amz-content-sha256'] = param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const payloadHashOnly = new Set(['x-amz-content-sha256']);
  const presigned = await signerFor(scope.credentials, region).presign(httpRequest, {
    signingDate: date,
    expiresIn: expires,
    signableHeaders: new Set(names),
    unhoistableHeaders: payloadHashOnly,
    unsignableHeaders: payloadHashOnly,
  });
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  if (!sameText(expected, signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
}

/** The hex signature of a POST policy (its base64 text), as the uploader must have made it. */
export async function policySignature(
  policy: string,
  credential: string,
  keys: readonly Credentials[],
  region: string,
): Promise<string> {
  const scope = parseCredential(credential, keys, region);
  const key = await getSigningKey(Sha256, scope.credentials, scope.date, region, 's3');
  const hash = new Sha256(key);
  hash.update(policy);
  return Buffer.from(await hash.digest()).toString('hex');
}

export function sameSignature(expected: string, given: string): boolean {
  return sameText(expected, given);
}
