/**
 * The operations of the local S3, one function each, over the request as received: what the
 * API and browsers send to the one bucket (see `local-s3.ts` for the routing and the checks of
 * signatures that come first).
 */
import { createHash } from 'node:crypto';
import type { LocalS3Options } from './local-s3.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { checkPostUpload } from './post-policy.js';
import { S3Error, xmlEscape } from './s3-error.js';
import type { Credentials, ReceivedRequest } from './signatures.js';

export interface Context {
  readonly options: Required<Omit<LocalS3Options, 'port' | 'host' | 'store' | 'credentials'>> & {
    readonly store: ObjectStore;
    readonly credentials: readonly Credentials[];
  };
  readonly request: ReceivedRequest;
  readonly key: string;
  readonly body: Buffer;
  readonly origin: string | undefined;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
}

export function corsHeaders(ctx: Pick<Context, 'options' | 'origin'>): Record<string, string> {
  const { origin } = ctx;
  if (origin === undefined || !ctx.options.corsOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'ETag, Content-Disposition, Content-Length',
    Vary: 'Origin',
  };
}

/** `OPTIONS`: the bucket's CORS rule (the web origins; GET, HEAD and POST; any request header). */
export function preflight(ctx: Context): Answer {
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

export function objectHeaders(object: StoredObject, query: ReceivedRequest['query']): Record<string, string> {
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

export async function existing(ctx: Context): Promise<StoredObject> {
  const object = await ctx.options.store.get(ctx.key);
  if (object === undefined) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  return object;
}

function etagOf(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

export async function postObject(ctx: Context, contentType: string): Promise<Answer> {
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

export async function copyObject(ctx: Context, source: string): Promise<Answer> {
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

export async function listObjectsV2(ctx: Context): Promise<Answer> {
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
