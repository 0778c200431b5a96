/**
 * The attachments' storage loads the S3 module on the first call that needs it, once: the notes
 * function's init never evaluates the S3 client, and concurrent first requests share one import
 * and one client. The S3 module is replaced by one that counts its loads and the storages it
 * opens (an in-memory storage each), so nothing here talks to S3.
 */
import { InMemoryObjectStorage } from '@secure-notes/adapters-memory';
import { TOKENS } from '@secure-notes/container';
import { DEFAULT_ATTACHMENT_SETTINGS, type ObjectStorage } from '@secure-notes/domain';
import { Container } from 'inversify';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyS3ObjectStorage } from './lazy-s3-object-storage.js';
import type { S3StorageConfig } from './s3-env.js';
import { s3AttachmentsModule } from './s3-module.js';
import type { OpenedObjectStorage } from './s3-object-storage.js';

const s3Module = vi.hoisted(() => ({ loads: 0, opened: [] as S3StorageConfig[], closed: 0 }));

vi.mock('./s3-object-storage.js', async () => {
  s3Module.loads += 1;
  const { InMemoryObjectStorage: Storage } = await import('@secure-notes/adapters-memory');
  return {
    openS3ObjectStorage: (config: S3StorageConfig): OpenedObjectStorage => {
      s3Module.opened.push(config);
      return {
        storage: new Storage(),
        close: () => {
          s3Module.closed += 1;
        },
      };
    },
  };
});

const bucket: S3StorageConfig = { bucket: 'notes-attachments', region: 'eu-west-1' };
const upload = { key: 'u/n/a', contentType: 'text/plain', size: 3, expiresInSeconds: 60 };

function attachmentsStorage(container: Container): ObjectStorage {
  container.load(s3AttachmentsModule({ bucket, settings: DEFAULT_ATTACHMENT_SETTINGS }));
  const attachments = container.get(TOKENS.Attachments);
  expect(attachments.settings).toBe(DEFAULT_ATTACHMENT_SETTINGS);
  return attachments.storage;
}

describe('s3AttachmentsModule', () => {
  beforeEach(() => {
    s3Module.opened.length = 0;
    s3Module.closed = 0;
  });

  it('loads the S3 module on the first call that needs the storage, once for concurrent first calls', async () => {
    // prepare: the module's storage resolved, as the notes function's init does
    const container = new Container({ defaultScope: 'Singleton' });
    const storage = attachmentsStorage(container);
    expect(s3Module.loads).toBe(0);
    expect(s3Module.opened).toEqual([]);

    // act: three requests at once, then one more
    const first = await Promise.all([
      storage.presignUpload(upload),
      storage.inspect('u/n/missing'),
      storage.deleteUnder('u/n/'),
    ]);
    await storage.presignUpload(upload);

    // assert
    expect(first[0].fields).toMatchObject({ key: 'u/n/a' });
    expect(first[1]).toBeUndefined();
    expect(s3Module.loads).toBe(1);
    expect(s3Module.opened).toEqual([bucket]);
  });

  it('destroys the client it opened when the container is unbound, and opens none for that', async () => {
    // prepare
    const used = new Container({ defaultScope: 'Singleton' });
    await attachmentsStorage(used).presignUpload(upload);
    const unused = new Container({ defaultScope: 'Singleton' });
    attachmentsStorage(unused);

    // act
    await unused.unbindAllAsync();
    await used.unbindAllAsync();

    // assert
    expect(s3Module.opened).toHaveLength(1);
    expect(s3Module.closed).toBe(1);
  });
});

describe('LazyS3ObjectStorage', () => {
  it('does not keep a failed opening: the calls waiting for it fail with its cause, the next call opens again', async () => {
    // prepare
    const cause = new Error("Cannot find module '/var/task/s3-object-storage-ABC.mjs'");
    const open = vi
      .fn<(config: S3StorageConfig) => Promise<OpenedObjectStorage>>()
      .mockRejectedValueOnce(cause)
      .mockResolvedValue({ storage: new InMemoryObjectStorage(), close: () => {} });
    const storage = new LazyS3ObjectStorage(bucket, open);

    // act
    const failed = await Promise.allSettled([storage.presignUpload(upload), storage.inspect('u/n/a')]);
    const retried = await storage.presignUpload(upload);

    // assert
    for (const result of failed) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as Error;
      expect(error.message).toMatch(/Could not load the S3 object storage.*Cannot find module.*tries again/);
      expect(error.cause).toBe(cause);
    }
    expect(retried.fields).toMatchObject({ key: 'u/n/a' });
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('answers with the storage’s own errors once opened, unchanged', async () => {
    // prepare
    const failure = new Error('throttled');
    const inner = new InMemoryObjectStorage();
    vi.spyOn(inner, 'copy').mockRejectedValue(failure);
    const storage = new LazyS3ObjectStorage(bucket, async () => ({ storage: inner, close: () => {} }));

    // act / assert
    await expect(storage.copy('a', 'b')).rejects.toBe(failure);
  });

  it('refuses calls after close, and closes a client whose opening was still under way', async () => {
    // prepare
    let finish: (opened: OpenedObjectStorage) => void = () => {};
    const close = vi.fn();
    const storage = new LazyS3ObjectStorage(bucket, () => new Promise((resolve) => (finish = resolve)));
    const pending = storage.presignUpload(upload);

    // act
    const closing = storage.close();
    finish({ storage: new InMemoryObjectStorage(), close });
    await closing;

    // assert
    expect(close).toHaveBeenCalledTimes(1);
    await pending;
    await expect(storage.inspect('u/n/a')).rejects.toThrow(/closed/);
  });
});
