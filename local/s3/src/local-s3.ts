/**
 * A local S3 of the project's own, for the attachments: one bucket, addressed path-style
 * (`{endpoint}/{bucket}/{key}`), and only the operations the API and its clients use:
 * a browser's presigned POST upload, a presigned GET, and the API's signed HEAD, GET, copy
 * (PUT with `x-amz-copy-source`), DELETE and ListObjectsV2, plus CORS for the web origins.
 * Every request must be signed (the bucket is private) and is refused the way S3 refuses it:
 * the same error codes and statuses, in S3's XML. Anything else is `501 NotImplemented`.
 *
 * It exists because the most used emulator on npm (s3rver) checks no POST policy and brings a
 * vulnerable multipart parser; this one parses forms with the platform's `Request.formData()`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryObjectStore, type ObjectStore, type StoredObject } from './object-store.js';
import { checkPostUpload } from './post-policy.js';
import { errorXml, S3Error, xmlEscape } from './s3-error.js';
import {
  type Credentials,
  isPresigned,
  type ReceivedRequest,
  verifyHeaderSignature,
  verifyQuerySignature,
} from './signatures.js';

export interface LocalS3Options {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly bucket: string;
  readonly region?: string;
  /** The key pairs whose signatures are accepted. */
  readonly credentials: Credentials | readonly Credentials[];
  /** Browser origins allowed by the bucket's CORS rule; none by default. */
  readonly corsOrigins?: readonly string[];
  /** Where objects live; in memory by default. */
  readonly store?: ObjectStore;
  /** The largest request body read (a POST upload's form), in bytes. */
  readonly maxBodyBytes?: number;
  /** The server's clock (tests). */
  readonly now?: () => Date;
}

export interface LocalS3 {
  /** `http://host:port`: the value for `AWS_ENDPOINT_URL_S3`. */
  readonly endpoint: string;
  readonly port: number;
  readonly bucket: string;
  readonly region: string;
  /** The keys stored under `prefix` (tests count what a delete left behind). */
  keys(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

interface Context {
  readonly options: Required<Omit<LocalS3Options, 'port' | 'host' | 'store' | 'credentials'>> & {
    readonly store: ObjectStore;
    readonly credentials: readonly Credentials[];
  };
  readonly request: ReceivedRequest;
  readonly key: string;
  readonly body: Buffer;
  readonly origin: string | undefined;
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
}

function received(req: IncomingMessage): { request: ReceivedRequest; bucket: string; key: string } {
  const raw = req.url ?? '/';
  const at = raw.indexOf('?');
  const rawPath = at === -1 ? raw : raw.slice(0, at);
  const query = [...new URLSearchParams(at === -1 ? '' : raw.slice(at + 1))];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const [, bucketPart = '', ...rest] = rawPath.split('/');
  return {
    request: { method: req.method ?? 'GET', rawPath, query, headers },
    bucket: decodeURIComponent(bucketPart),
    key: decodeURIComponent(rest.join('/')),
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function corsHeaders(ctx: Pick<Context, 'options' | 'origin'>): Record<string, string> {
  const { origin } = ctx;
  if (origin === undefined || !ctx.options.corsOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'ETag, Content-Disposition, Content-Length',
    Vary: 'Origin',
  };
}

/** `OPTIONS`: the bucket's CORS rule (the web origins; GET, HEAD and POST; any request header). */
function preflight(ctx: Context): Answer {
  const method = ctx.request.headers['access-control-request-method'] ?? '';
  if (
    ctx.origin === undefined ||
    !ctx.options.corsOrigins.includes(ctx.origin) ||
    !['GET', 'HEAD', 'POST'].includes(method)
  ) {
    throw new S3Error('AccessDenied', 'CORSResponse: This CORS request is not allowed.');
  }
  return {
    status: 200,
    headers: {
      ...corsHeaders(ctx),
      'Access-Control-Allow-Methods': 'GET, HEAD, POST',
      'Access-Control-Allow-Headers': ctx.request.headers['access-control-request-headers'] ?? '',
      'Access-Control-Max-Age': '3000',
    },
  };
}

async function authenticate(ctx: Context): Promise<void> {
  const { request, options } = ctx;
  const now = options.now();
  if (isPresigned(request)) return verifyQuerySignature(request, options.credentials, options.region, now);
  if (request.headers.authorization === undefined) throw new S3Error('AccessDenied', 'Access Denied');
  await verifyHeaderSignature(request, options.credentials, options.region, now);
  const declared = request.headers['x-amz-content-sha256'];
  const actual = ctx.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(ctx.body).digest('hex');
  if (declared !== undefined && /^[0-9a-f]{64}$/.test(declared) && declared !== actual) {
    throw new S3Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
}

function objectHeaders(object: StoredObject, query: ReceivedRequest['query']): Record<string, string> {
  const override = (name: string) => query.find(([key]) => key === name)?.[1];
  return {
    'Content-Type': override('response-content-type') ?? object.contentType,
    'Content-Length': String(object.bytes.byteLength),
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    ...(override('response-content-disposition') === undefined
      ? {}
      : { 'Content-Disposition': override('response-content-disposition') as string }),
  };
}

async function existing(ctx: Context): Promise<StoredObject> {
  const object = await ctx.options.store.get(ctx.key);
  if (object === undefined) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  return object;
}

function etagOf(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

async function postObject(ctx: Context, contentType: string): Promise<Answer> {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  }
  let form: FormData;
  try {
    form = await new Request('http://local', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: ctx.body,
    }).formData();
  } catch {
    throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  }
  const { options } = ctx;
  const upload = await checkPostUpload(form, options.bucket, options.credentials, options.region, options.now());
  const etag = etagOf(upload.bytes);
  await options.store.put(upload.key, {
    bytes: upload.bytes,
    contentType: upload.contentType,
    etag,
    lastModified: options.now(),
  });
  return { status: upload.status, headers: { ETag: etag, Location: `/${options.bucket}/${encodeURI(upload.key)}` } };
}

async function copyObject(ctx: Context, source: string): Promise<Answer> {
  const path = decodeURIComponent(source.replace(/^\//, ''));
  const slash = path.indexOf('/');
  if (slash === -1 || path.slice(0, slash) !== ctx.options.bucket) {
    throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
  }
  const object = await ctx.options.store.get(path.slice(slash + 1));
  if (object === undefined) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  const lastModified = ctx.options.now();
  await ctx.options.store.put(ctx.key, { ...object, lastModified });
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${lastModified.toISOString()}</LastModified><ETag>${xmlEscape(object.etag)}</ETag></CopyObjectResult>`,
  };
}

async function listObjectsV2(ctx: Context): Promise<Answer> {
  const param = (name: string) => ctx.request.query.find(([key]) => key === name)?.[1];
  const prefix = param('prefix') ?? '';
  const maxKeys = Math.min(Number(param('max-keys') ?? 1000) || 1000, 1000);
  const after = param('continuation-token') ?? param('start-after') ?? '';
  const keys = (await ctx.options.store.keys()).filter((key) => key.startsWith(prefix) && key > after);
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const contents = await Promise.all(
    page.map(async (key) => {
      const object = await ctx.options.store.get(key);
      return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${object?.lastModified.toISOString() ?? ''}</LastModified><ETag>${xmlEscape(object?.etag ?? '')}</ETag><Size>${object?.bytes.byteLength ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    }),
  );
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml' },
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${xmlEscape(ctx.options.bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
      `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents.join('')}` +
      (truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1) ?? '')}</NextContinuationToken>` : '') +
      '</ListBucketResult>',
  };
}

async function dispatch(ctx: Context): Promise<Answer> {
  const { method, headers, query } = ctx.request;
  if (method === 'OPTIONS') return preflight(ctx);
  // A browser's upload carries its credentials in the form, not in a header or the query.
  if (method === 'POST' && ctx.key === '' && query.length === 0) return postObject(ctx, headers['content-type'] ?? '');
  await authenticate(ctx);
  if (ctx.key === '') {
    if (method === 'GET' && query.some(([name, value]) => name === 'list-type' && value === '2'))
      return listObjectsV2(ctx);
    if (method === 'HEAD') return { status: 200 };
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented');
  }
  switch (method) {
    case 'GET': {
      const object = await existing(ctx);
      return { status: 200, headers: objectHeaders(object, query), body: object.bytes };
    }
    case 'HEAD':
      return { status: 200, headers: objectHeaders(await existing(ctx), []) };
    case 'DELETE':
      await ctx.options.store.delete(ctx.key);
      return { status: 204 };
    case 'PUT': {
      const source = headers['x-amz-copy-source'];
      if (source !== undefined) return copyObject(ctx, source);
      throw new S3Error('NotImplemented', 'Uploads go through a presigned POST; PutObject is not implemented here');
    }
    default:
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

async function handle(options: Context['options'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { request, bucket, key } = received(req);
  const origin = request.headers.origin;
  let answer: Answer;
  try {
    if (bucket !== options.bucket) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    const body = await readBody(req, options.maxBodyBytes);
    answer = await dispatch({ options, request, key, body, origin });
  } catch (error) {
    const s3Error =
      error instanceof S3Error
        ? error
        : new S3Error('InternalError', 'We encountered an internal error. Please try again.');
    if (!(error instanceof S3Error)) console.error('[local-s3] internal error', error);
    // A HEAD answer has no body: S3 sends the status alone.
    answer =
      request.method === 'HEAD'
        ? { status: s3Error.status }
        : {
            status: s3Error.status,
            headers: { 'Content-Type': 'application/xml' },
            body: errorXml(s3Error, request.rawPath),
          };
  }
  const headers = { 'x-amz-request-id': randomUUID(), ...corsHeaders({ options, origin }), ...answer.headers };
  res.writeHead(answer.status, headers);
  res.end(request.method === 'HEAD' ? undefined : answer.body);
}

/**
 * Starts the local S3; resolves once it listens.
 *
 * @example
 * const s3 = await startLocalS3({ bucket: 'secure-notes-attachments', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * // AWS_ENDPOINT_URL_S3=s3.endpoint
 */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const resolved: Context['options'] = {
    bucket: options.bucket,
    region: options.region ?? 'us-east-1',
    credentials: Array.isArray(options.credentials) ? options.credentials : [options.credentials as Credentials],
    corsOrigins: options.corsOrigins ?? [],
    store: options.store ?? new MemoryObjectStore(),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    now: options.now ?? (() => new Date()),
  };
  const server: Server = createServer((req, res) => {
    handle(resolved, req, res).catch((error: unknown) => {
      console.error('[local-s3] could not answer', error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    bucket: resolved.bucket,
    region: resolved.region,
    keys: async (prefix = '') => (await resolved.store.keys()).filter((key) => key.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
