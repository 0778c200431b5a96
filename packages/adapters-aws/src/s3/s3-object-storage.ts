/**
 * The object storage port on S3. Uploads are presigned POSTs whose policy fixes the key, the
 * exact size (`content-length-range` of [size, size]) and the `Content-Type`, so S3 itself
 * refuses anything else; downloads are presigned GETs that make S3 answer with
 * `Content-Disposition: attachment` and the stored type, so a file never renders in a browser.
 *
 * `HeadObject` answers a missing key with 404 only when the caller may list the bucket
 * (otherwise 403, to hide what exists): the deployed role may list the attachment prefixes, so
 * a 404 is "no upload" and a 403 stays what it is, a permission error. Deletes are one
 * `DeleteObject` per key (a handful per note), which needs no request checksum.
 *
 * This module and everything it imports from the SDK is what `LazyS3ObjectStorage` loads on the
 * first request that uses the storage (`openS3ObjectStorage`), so that a Lambda instance that
 * never serves one never parses it.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  asciiFileName,
  type DownloadRequest,
  type ObjectStorage,
  type PresignedUpload,
  type StorageOptions,
  type StoredObject,
  UnavailableError,
  type UploadRequest,
} from '@secure-notes/domain';
import { create as contentDisposition } from 'content-disposition';
import { withDeadline } from '../dynamodb/dynamodb-notes-repository.js';
import { createS3Client } from './s3-client.js';
import type { S3StorageConfig } from './s3-env.js';

export interface S3ObjectStorageOptions {
  readonly bucket: string;
}

const TRANSIENT = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'TimeoutError',
  'AbortError',
]);
const NETWORK = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;

/** S3's failures as the port's: transient ones become `UnavailableError`; anything else is a bug and goes on. */
function toPortError(error: unknown): unknown {
  const { name, code, $metadata } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (TRANSIENT.has(name ?? '') || NETWORK.test(code ?? '') || (status !== undefined && status >= 500)) {
    return new UnavailableError('object storage is throttled or unreachable; retry shortly', 1, { cause: error });
  }
  return error;
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

/** A key as a URL path: each segment escaped, the slashes kept (as `CopySource` needs). */
function keyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * @example
 * const storage = new S3ObjectStorage(createS3Client({ region: 'eu-west-1' }), { bucket: 'notes-attachments' });
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, options: S3ObjectStorageOptions) {
    this.#client = client;
    this.#bucket = options.bucket;
  }

  async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.#client, {
      Bucket: this.#bucket,
      Key: request.key,
      Conditions: [['content-length-range', request.size, request.size]],
      // Every field becomes an exact-match condition of the policy, the key included.
      Fields: { 'Content-Type': request.contentType },
      Expires: request.expiresInSeconds,
    });
    return { url, fields };
  }

  async inspect(key: string, options?: StorageOptions): Promise<StoredObject | undefined> {
    try {
      const head = await withDeadline(options, (abort) =>
        this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }), abort),
      );
      return {
        size: head.ContentLength ?? 0,
        ...(head.ContentType === undefined ? {} : { contentType: head.ContentType }),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toPortError(error);
    }
  }

  async copy(from: string, to: string, options?: StorageOptions): Promise<void> {
    try {
      await withDeadline(options, (abort) =>
        this.#client.send(
          new CopyObjectCommand({ Bucket: this.#bucket, Key: to, CopySource: `${this.#bucket}/${keyPath(from)}` }),
          abort,
        ),
      );
    } catch (error) {
      throw toPortError(error);
    }
  }

  async presignDownload(request: DownloadRequest): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: request.key,
      ResponseContentDisposition: contentDisposition(request.fileName, {
        type: 'attachment',
        fallback: asciiFileName(request.fileName),
      }),
      ResponseContentType: request.contentType,
    });
    return getSignedUrl(this.#client, command, { expiresIn: request.expiresInSeconds });
  }

  async delete(keys: readonly string[], options?: StorageOptions): Promise<void> {
    try {
      await Promise.all(
        keys.map((key) =>
          withDeadline(options, (abort) =>
            this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }), abort),
          ),
        ),
      );
    } catch (error) {
      throw toPortError(error);
    }
  }

  async deleteUnder(prefix: string, options?: StorageOptions): Promise<void> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await withDeadline(options, (abort) =>
          this.#client.send(
            new ListObjectsV2Command({
              Bucket: this.#bucket,
              Prefix: prefix,
              ...(token === undefined ? {} : { ContinuationToken: token }),
            }),
            abort,
          ),
        );
      } catch (error) {
        throw toPortError(error);
      }
      await this.delete(
        (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])),
        options,
      );
      token = page.NextContinuationToken;
    } while (token !== undefined);
  }
}

/** A storage on a client of its own, and what ends that client. */
export interface OpenedObjectStorage {
  readonly storage: ObjectStorage;
  /** Destroys the client and its sockets. */
  close(): void;
}

/**
 * The storage of the bucket on a new client (`createS3Client`).
 *
 * @example
 * const { storage, close } = openS3ObjectStorage({ bucket: 'notes-attachments', region: 'eu-west-1' });
 */
export function openS3ObjectStorage(config: S3StorageConfig): OpenedObjectStorage {
  const client = createS3Client(config);
  return { storage: new S3ObjectStorage(client, { bucket: config.bucket }), close: () => client.destroy() };
}
