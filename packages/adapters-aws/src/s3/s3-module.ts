/**
 * The container module of the S3 adapter, beside it: the object storage of attachments with
 * their settings (`TOKENS.Attachments`), its client built when first asked for and destroyed
 * when the container is unbound.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { TOKENS } from '@secure-notes/container';
import type { AttachmentSettings, AttachmentsDependencies } from '@secure-notes/domain';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { createS3Client, type S3StorageConfig } from './s3-env.js';
import { S3ObjectStorage } from './s3-object-storage.js';

const S3_CLIENT = Symbol.for('secure-notes/S3Client') as ServiceIdentifier<S3Client>;

/**
 * @example
 * container.load(systemModule({ cursorSecret }), dynamoDbModule(table), s3AttachmentsModule({ bucket, settings }), notesModule);
 */
export function s3AttachmentsModule(options: {
  readonly bucket: S3StorageConfig;
  readonly settings: AttachmentSettings;
}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(S3_CLIENT)
      .toResolvedValue(() => createS3Client(options.bucket))
      .inSingletonScope()
      .onDeactivation((client) => client.destroy());
    bind(TOKENS.Attachments)
      .toResolvedValue(
        (client: S3Client): AttachmentsDependencies => ({
          storage: new S3ObjectStorage(client, { bucket: options.bucket.bucket }),
          settings: options.settings,
        }),
        [S3_CLIENT],
      )
      .inSingletonScope();
  });
}
