/**
 * Where the local S3 keeps its objects: in memory, or on disk under a folder (`.data/s3` when
 * started by `npm start`), one file of bytes and one of metadata (the key included) per object,
 * named by the key's SHA-256: no key can name a path outside the folder, and a long key makes no
 * file name too long for the file system.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ObjectStore {
  put(key: string, object: StoredObject): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
  /** Every key, in ascending order. */
  keys(): Promise<string[]>;
}

export class MemoryObjectStore implements ObjectStore {
  readonly #objects = new Map<string, StoredObject>();

  async put(key: string, object: StoredObject): Promise<void> {
    this.#objects.set(key, object);
  }

  async get(key: string): Promise<StoredObject | undefined> {
    return this.#objects.get(key);
  }

  async delete(key: string): Promise<void> {
    this.#objects.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.#objects.keys()].sort();
  }
}

interface Metadata {
  readonly key: string;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: string;
}

export class DiskObjectStore implements ObjectStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(key: string, ext: 'bin' | 'json'): string {
    return join(this.#dir, `${createHash('sha256').update(key, 'utf8').digest('hex')}.${ext}`);
  }

  async put(key: string, object: StoredObject): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const metadata: Metadata = {
      key,
      contentType: object.contentType,
      etag: object.etag,
      lastModified: object.lastModified.toISOString(),
    };
    // The bytes first: metadata without bytes never names an object.
    await writeFile(this.#path(key, 'bin'), object.bytes);
    await writeFile(this.#path(key, 'json'), JSON.stringify(metadata));
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const metadata = JSON.parse(await readFile(this.#path(key, 'json'), 'utf8')) as Metadata;
      const bytes = await readFile(this.#path(key, 'bin'));
      return {
        bytes: new Uint8Array(bytes),
        contentType: metadata.contentType,
        etag: metadata.etag,
        lastModified: new Date(metadata.lastModified),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key, 'json'), { force: true });
    await rm(this.#path(key, 'bin'), { force: true });
  }

  async keys(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const keys = await Promise.all(
      names
        .filter((name) => name.endsWith('.json'))
        .map(async (name) => {
          try {
            return (JSON.parse(await readFile(join(this.#dir, name), 'utf8')) as Metadata).key;
          } catch (error) {
            // Deleted since the folder was read.
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
            throw error;
          }
        }),
    );
    return keys.filter((key) => key !== undefined).sort();
  }
}
