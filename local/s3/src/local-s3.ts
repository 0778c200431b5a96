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
import { MemoryObjectStore, type ObjectStore } from './object-store.js';
import { errorXml, S3Error } from './s3-error.js';
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

import {
  type Answer,
  type Context,
  copyObject,
  corsHeaders,
  existing,
  listObjectsV2,
  objectHeaders,
  postObject,
  preflight,
} from './operations.js';

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
