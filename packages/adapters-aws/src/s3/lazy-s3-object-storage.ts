/**
 * The object storage port on S3, loaded on first use: the S3 client, the presigners and the
 * SDK's S3 middleware are a large part of what the notes function would otherwise parse and
 * evaluate at every cold start, while only attachment requests (and deleting a note, which
 * deletes its files) use the storage. The first call imports s3-object-storage.ts, which the
 * Lambda bundle has in a chunk of its own (scripts/build-lambdas.mjs), and opens its client;
 * every later call, and every call made while that first one is loading, uses the same one.
 * Where the module is loaded already (the server imports the package whole), the import is
 * answered from Node's module cache.
 */
import type {
  DownloadRequest,
  ObjectStorage,
  PresignedUpload,
  StorageOptions,
  StoredObject,
  UploadRequest,
} from '@secure-notes/domain';
import type { S3StorageConfig } from './s3-env.js';
import type { OpenedObjectStorage } from './s3-object-storage.js';

/** Opens the storage of a bucket: the S3 module imported, its client created. */
export type OpenObjectStorage = (config: S3StorageConfig) => Promise<OpenedObjectStorage>;

const importAndOpen: OpenObjectStorage = async (config) => {
  const { openS3ObjectStorage } = await import('./s3-object-storage.js');
  return openS3ObjectStorage(config);
};

/**
 * @example
 * const storage = new LazyS3ObjectStorage({ bucket: 'notes-attachments', region: 'eu-west-1' });
 * await storage.presignDownload(request); // loads the S3 module and creates its client
 * await storage.close(); // destroys that client, if one was created
 */
export class LazyS3ObjectStorage implements ObjectStorage {
  readonly #config: S3StorageConfig;
  readonly #open: OpenObjectStorage;
  #opening: Promise<OpenedObjectStorage> | undefined;
  #closed = false;

  /** @param open how the storage is opened; the S3 module's, imported on the first call, by default. */
  constructor(config: S3StorageConfig, open: OpenObjectStorage = importAndOpen) {
    this.#config = config;
    this.#open = open;
  }

  /**
   * The storage, opened by the first call. A failed opening is not kept: the calls that were
   * waiting for it fail with its error, and the next call tries again (a chunk that cannot be
   * read stays so, a passing fault does not).
   */
  async #storage(): Promise<ObjectStorage> {
    if (this.#closed) {
      throw new Error(
        `The object storage of the bucket ${this.#config.bucket} is closed (its container was unbound): nothing may use it after the app's dispose`,
      );
    }
    if (this.#opening === undefined) {
      const opening = new Promise<OpenedObjectStorage>((resolve) => resolve(this.#open(this.#config)));
      this.#opening = opening;
      opening.catch(() => {
        if (this.#opening === opening) this.#opening = undefined;
      });
    }
    try {
      return (await this.#opening).storage;
    } catch (error) {
      throw new Error(
        `Could not load the S3 object storage of attachments (${(error as Error).message}); the next request that needs it tries again. A Lambda bundle must be deployed whole, from one build: index.mjs and the chunk files beside it (a rebuild replaces them under a running instance).`,
        { cause: error },
      );
    }
  }

  async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
    return (await this.#storage()).presignUpload(request);
  }

  async inspect(key: string, options?: StorageOptions): Promise<StoredObject | undefined> {
    return (await this.#storage()).inspect(key, options);
  }

  async copy(from: string, to: string, options?: StorageOptions): Promise<void> {
    return (await this.#storage()).copy(from, to, options);
  }

  async presignDownload(request: DownloadRequest): Promise<string> {
    return (await this.#storage()).presignDownload(request);
  }

  async delete(keys: readonly string[], options?: StorageOptions): Promise<void> {
    return (await this.#storage()).delete(keys, options);
  }

  async deleteUnder(prefix: string, options?: StorageOptions): Promise<void> {
    return (await this.#storage()).deleteUnder(prefix, options);
  }

  /** Destroys the client if one was opened (waiting for an opening under way); later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const opening = this.#opening;
    this.#opening = undefined;
    if (opening === undefined) return;
    let opened: OpenedObjectStorage;
    try {
      opened = await opening;
    } catch {
      return;
    }
    opened.close();
  }
}
