/**
 * The container module of the S3 adapter, beside it: the object storage of attachments with
 * their settings (`TOKENS.Attachments`). The storage loads the S3 module and creates its client
 * on first use (`LazyS3ObjectStorage`); the client is destroyed when the container is unbound.
 */
import { TOKENS } from '@secure-notes/container';
import type { AttachmentSettings, AttachmentsDependencies } from '@secure-notes/domain';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { LazyS3ObjectStorage } from './lazy-s3-object-storage.js';
import type { S3StorageConfig } from './s3-env.js';

const S3_STORAGE = Symbol.for('secure-notes/S3ObjectStorage') as ServiceIdentifier<LazyS3ObjectStorage>;

/**
 * @example
 * container.load(systemModule({ cursorSecret }), dynamoDbModule(table), s3AttachmentsModule({ bucket, settings }), notesModule);
 */
export function s3AttachmentsModule(options: {
  readonly bucket: S3StorageConfig;
  readonly settings: AttachmentSettings;
}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(S3_STORAGE)
      .toResolvedValue(() => new LazyS3ObjectStorage(options.bucket))
      .inSingletonScope()
      .onDeactivation((storage) => storage.close());
    bind(TOKENS.Attachments)
      .toResolvedValue(
        (storage: LazyS3ObjectStorage): AttachmentsDependencies => ({ storage, settings: options.settings }),
        [S3_STORAGE],
      )
      .inSingletonScope();
  });
}
