/**
 * An `ObjectStorage` in a Map, for unit tests and the object-storage contract. Its "presigned"
 * requests are `memory:` URLs that only `receiveUpload` and `serveDownload` understand, and they
 * are held to what S3 holds a presigned POST and GET to: the key, the exact size and the type
 * the request was made for, and its expiry.
 */
import { randomUUID } from 'node:crypto';
import {
  asciiFileName,
  type Clock,
  type DownloadRequest,
  type ObjectStorage,
  type PresignedUpload,
  type StoredObject,
  type UploadRequest,
} from '@secure-notes/domain';
import { create as contentDisposition } from 'content-disposition';

interface StoredBytes {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

interface Grant<T> {
  readonly request: T;
  readonly expiresAt: number;
}

/** Why the storage refused a presigned request, in S3's words. */
export type Refusal = 'AccessDenied' | 'EntityTooLarge' | 'EntityTooSmall' | 'NoSuchKey';

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

export class InMemoryObjectStorage implements ObjectStorage {
  readonly #objects = new Map<string, StoredBytes>();
  readonly #uploads = new Map<string, Grant<UploadRequest>>();
  readonly #downloads = new Map<string, Grant<DownloadRequest>>();
  readonly #clock: Clock;

  constructor(clock: Clock = { now: () => new Date() }) {
    this.#clock = clock;
  }

  async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
    const token = randomUUID();
    this.#uploads.set(token, { request, expiresAt: this.#clock.now().getTime() + request.expiresInSeconds * 1000 });
    return { url: `memory://uploads/${token}`, fields: { key: request.key, 'Content-Type': request.contentType } };
  }

  /** What the storage does with a form POST to a presigned upload's URL. */
  receiveUpload(url: string, fields: Readonly<Record<string, string>>, file: Uint8Array): Outcome<string> {
    const grant = this.#uploads.get(url.replace('memory://uploads/', ''));
    if (grant === undefined || this.#clock.now().getTime() > grant.expiresAt)
      return { ok: false, refusal: 'AccessDenied' };
    const { request } = grant;
    if (fields.key !== request.key || fields['Content-Type'] !== request.contentType) {
      return { ok: false, refusal: 'AccessDenied' };
    }
    if (file.byteLength > request.size) return { ok: false, refusal: 'EntityTooLarge' };
    if (file.byteLength < request.size) return { ok: false, refusal: 'EntityTooSmall' };
    this.#objects.set(request.key, { bytes: file.slice(), contentType: request.contentType });
    return { ok: true, value: request.key };
  }

  async inspect(key: string): Promise<StoredObject | undefined> {
    const object = this.#objects.get(key);
    return object && { size: object.bytes.byteLength, contentType: object.contentType };
  }

  async copy(from: string, to: string): Promise<void> {
    const object = this.#objects.get(from);
    if (object === undefined) throw new Error(`no object under ${from} to copy`);
    this.#objects.set(to, object);
  }

  async presignDownload(request: DownloadRequest): Promise<string> {
    const token = randomUUID();
    this.#downloads.set(token, { request, expiresAt: this.#clock.now().getTime() + request.expiresInSeconds * 1000 });
    return `memory://downloads/${token}`;
  }

  /** What the storage answers a GET of a presigned download URL: the bytes and the response headers. */
  serveDownload(url: string): Outcome<{ bytes: Uint8Array; contentType: string; contentDisposition: string }> {
    const grant = this.#downloads.get(url.replace('memory://downloads/', ''));
    if (grant === undefined || this.#clock.now().getTime() > grant.expiresAt)
      return { ok: false, refusal: 'AccessDenied' };
    const object = this.#objects.get(grant.request.key);
    if (object === undefined) return { ok: false, refusal: 'NoSuchKey' };
    return {
      ok: true,
      value: {
        bytes: object.bytes.slice(),
        contentType: grant.request.contentType,
        contentDisposition: contentDisposition(grant.request.fileName, {
          type: 'attachment',
          fallback: asciiFileName(grant.request.fileName),
        }),
      },
    };
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.#objects.delete(key);
  }

  async deleteUnder(prefix: string): Promise<void> {
    for (const key of [...this.#objects.keys()]) if (key.startsWith(prefix)) this.#objects.delete(key);
  }

  /** The keys stored under `prefix`, in order. */
  keys(prefix = ''): string[] {
    return [...this.#objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
