/**
 * The local S3 refuses what S3 refuses for the requests the attachments make: each test sends a
 * request signed by the SDK, then the same request with one thing wrong, and expects S3's error
 * code and status for it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskObjectStore, type LocalS3, startLocalS3 } from './index.js';

const credentials = { accessKeyId: 'local-s3-test', secretAccessKey: 'local-s3-test-secret' };
const WEB_ORIGIN = 'http://localhost:5173';
let s3: LocalS3;
let client: S3Client;

function clientWith(secretAccessKey: string): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey },
  });
}

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: 'test-bucket', credentials, corsOrigins: [WEB_ORIGIN] });
  client = clientWith(credentials.secretAccessKey);
});

afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

async function codeOf(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

async function presignedPost(key: string, size: number, contentType = 'image/png', expires = 60) {
  return createPresignedPost(client, {
    Bucket: s3.bucket,
    Key: key,
    Conditions: [['content-length-range', size, size]],
    Fields: { 'Content-Type': contentType },
    Expires: expires,
  });
}

function post(url: string, fields: Record<string, string>, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]));
  return fetch(url, { method: 'POST', body: form, headers });
}

async function stored(key: string, bytes = new Uint8Array([1, 2, 3])): Promise<void> {
  const { url, fields } = await presignedPost(key, bytes.byteLength);
  expect((await post(url, fields, bytes)).status).toBe(204);
}

/** Waits until the wall clock is past `deadline`: an expiry is a time, not a delay. */
async function until(deadline: number): Promise<void> {
  while (Date.now() <= deadline) await sleep(Math.max(10, deadline - Date.now() + 5));
}

describe('presigned POST uploads', () => {
  it('stores a form upload that keeps every condition of its policy', async () => {
    const { url, fields } = await presignedPost('a/ok', 3);

    const response = await post(url, fields, new Uint8Array([7, 8, 9]));

    expect(response.status).toBe(204);
    const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'a/ok' }));
    expect(head.ContentLength).toBe(3);
    expect(head.ContentType).toBe('image/png');
  });

  it.each([
    ['a larger file', {}, 4, 400, 'EntityTooLarge'],
    ['a smaller file', {}, 2, 400, 'EntityTooSmall'],
    ['another key', { key: 'a/elsewhere' }, 3, 403, 'AccessDenied'],
    ['another content type', { 'Content-Type': 'text/html' }, 3, 403, 'AccessDenied'],
    ['a field the policy does not name', { 'x-amz-meta-owner': 'someone' }, 3, 403, 'AccessDenied'],
    ['an altered policy', { Policy: 'e30=' }, 3, 403, 'SignatureDoesNotMatch'],
    ['an altered signature', { 'X-Amz-Signature': '0'.repeat(64) }, 3, 403, 'SignatureDoesNotMatch'],
    [
      'another access key',
      { 'X-Amz-Credential': 'someone/20260101/us-east-1/s3/aws4_request' },
      3,
      403,
      'InvalidAccessKeyId',
    ],
  ])('refuses %s', async (_case, overrides: Record<string, string>, size, status, code) => {
    const key = `refused/${_case.replaceAll(' ', '-')}`;
    const { url, fields } = await presignedPost(key, 3);

    const response = await post(url, { ...fields, ...overrides }, new Uint8Array(size));

    expect(response.status).toBe(status);
    expect(await codeOf(response)).toBe(code);
    expect(await s3.keys('refused/')).toEqual([]);
  });

  it('refuses a policy signed with another secret', async () => {
    const { url, fields } = await createPresignedPost(clientWith('not-the-secret'), {
      Bucket: s3.bucket,
      Key: 'forged/a',
      Fields: { 'Content-Type': 'image/png' },
    });

    const response = await post(url, fields, new Uint8Array(3));

    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('SignatureDoesNotMatch');
    expect(await s3.keys('forged/')).toEqual([]);
  });

  it('refuses an upload once its policy has expired', async () => {
    const { url, fields } = await presignedPost('late/a', 3, 'image/png', 1);
    // Signed before it was returned, so it has expired a second after this at the latest.
    const signed = Date.now();

    await until(signed + 2000);
    const response = await post(url, fields, new Uint8Array(3));

    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('AccessDenied');
    expect(await s3.keys('late/')).toEqual([]);
  });
});

describe('presigned GETs', () => {
  it('serves the object with the response headers the signature names', async () => {
    await stored('get/a', new Uint8Array([1, 2, 3, 4]));
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: s3.bucket,
        Key: 'get/a',
        ResponseContentDisposition: 'attachment; filename="a.png"',
        ResponseContentType: 'image/png',
      }),
      { expiresIn: 60 },
    );

    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.png"');
  });

  it('refuses a link whose query was changed, whose signature is wrong, or that has expired', async () => {
    await stored('get/b');
    const command = new GetObjectCommand({
      Bucket: s3.bucket,
      Key: 'get/b',
      ResponseContentDisposition: 'attachment',
    });
    // The tampered links live for a minute, so only their signature can refuse them however
    // slowly a busy machine sends them; the short-lived one is sent after it has expired.
    const url = await getSignedUrl(client, command, { expiresIn: 60 });
    const inline = url.replace('response-content-disposition=attachment', 'response-content-disposition=inline');
    const otherKey = url.replace('/get/b?', '/get/a?');
    const forged = await getSignedUrl(clientWith('not-the-secret'), command, { expiresIn: 60 });
    const shortLived = await getSignedUrl(client, command, { expiresIn: 1 });
    const signed = Date.now();

    const answers = [await fetch(inline), await fetch(otherKey), await fetch(forged)];
    await until(signed + 2000);
    const late = await fetch(shortLived);

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(await codeOf(answer)).toBe('SignatureDoesNotMatch');
    }
    expect(late.status).toBe(403);
    expect(await codeOf(late)).toBe('AccessDenied');
  });

  it('refuses a request whose signed header differs from what was signed', async () => {
    await stored('get/c');
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: s3.bucket, Key: 'get/c', Range: 'bytes=0-1' }),
      {
        expiresIn: 60,
        signableHeaders: new Set(['range']),
      },
    );

    const other = await fetch(url, { headers: { range: 'bytes=0-2' } });
    const missing = await fetch(url);

    expect(other.status).toBe(403);
    expect(await codeOf(other)).toBe('SignatureDoesNotMatch');
    expect(missing.status).toBe(403);
    expect(await codeOf(missing)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a presigned request that carries an x-amz header it did not sign', async () => {
    await stored('get/e');
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: s3.bucket, Key: 'get/e' }), {
      expiresIn: 60,
    });

    const response = await fetch(url, { headers: { 'x-amz-server-side-encryption': 'AES256' } });

    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('AccessDenied');
  });

  it('refuses an unsigned request: the bucket is private', async () => {
    await stored('get/d');

    const response = await fetch(`${s3.endpoint}/${s3.bucket}/get/d`);

    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('AccessDenied');
  });
});

describe('the API’s signed calls', () => {
  it('heads, lists and deletes objects; a missing key is a 404 NotFound', async () => {
    await stored('api/one');
    await stored('api/two');

    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'api/' }));
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'api/one' }));
    const missing = client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'api/one' }));

    expect(listed.Contents?.map((o) => o.Key)).toEqual(['api/one', 'api/two']);
    await expect(missing).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    expect(await s3.keys('api/')).toEqual(['api/two']);
  });

  it('refuses a call signed with another secret, and an upload by PutObject', async () => {
    const forged = clientWith('not-the-secret');

    const list = forged.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    await expect(list).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    const put = client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'put/a', Body: 'x' }));
    await expect(put).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    forged.destroy();
  });
});

describe('CORS', () => {
  it('allows the web origin to POST and GET, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${s3.bucket}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    const allowed = await preflight(WEB_ORIGIN);
    const other = await preflight('https://evil.example');

    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('on disk', () => {
  it('keeps objects across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-s3-'));
    try {
      const first = await startLocalS3({ bucket: 'disk', credentials, store: new DiskObjectStore(dir) });
      const firstClient = new S3Client({
        region: first.region,
        endpoint: first.endpoint,
        forcePathStyle: true,
        credentials,
      });
      const { url, fields } = await createPresignedPost(firstClient, {
        Bucket: 'disk',
        Key: 'kept/../a',
        Fields: { 'Content-Type': 'text/plain' },
      });
      expect((await post(url, fields, new Uint8Array([5]))).status).toBe(204);
      firstClient.destroy();
      await first.close();

      const second = await startLocalS3({ bucket: 'disk', credentials, store: new DiskObjectStore(dir) });

      expect(await second.keys()).toEqual(['kept/../a']);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
