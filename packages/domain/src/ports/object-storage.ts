import type { StorageOptions } from './notes-repository.js';

/** A request to upload one object, which the storage itself refuses for any other key, size or type. */
export interface UploadRequest {
  /** Made by the server; the client can name no other. */
  readonly key: string;
  readonly contentType: string;
  /** Exactly this many bytes: no more, no fewer. */
  readonly size: number;
  readonly expiresInSeconds: number;
}

/**
 * An HTML form POST (`multipart/form-data`): send every field, then the file as the last field
 * named `file`, to `url`.
 */
export interface PresignedUpload {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface StoredObject {
  readonly size: number;
  readonly contentType?: string;
}

export interface DownloadRequest {
  readonly key: string;
  /** Sent back as the file's name in `Content-Disposition: attachment`. */
  readonly fileName: string;
  readonly contentType: string;
  readonly expiresInSeconds: number;
}

/**
 * Where the bytes of attachments live (S3 in production). Presigning is local work; every other
 * method is a request to the storage.
 *
 * Errors: `UnavailableError` when the storage is throttled or unreachable. Anything else is a bug.
 */
export interface ObjectStorage {
  /** A short-lived upload of exactly this key, size and content type. */
  presignUpload(request: UploadRequest): Promise<PresignedUpload>;
  /** The object's size and type, or `undefined` when there is none under `key`. */
  inspect(key: string, options?: StorageOptions): Promise<StoredObject | undefined>;
  /** Copies an object to another key (which it replaces). */
  copy(from: string, to: string, options?: StorageOptions): Promise<void>;
  /** A short-lived URL that downloads the object as a file (never rendered inline). */
  presignDownload(request: DownloadRequest): Promise<string>;
  /** Deletes the objects; a missing one is not an error. */
  delete(keys: readonly string[], options?: StorageOptions): Promise<void>;
  /** Deletes every object whose key starts with `prefix`. */
  deleteUnder(prefix: string, options?: StorageOptions): Promise<void>;
}
