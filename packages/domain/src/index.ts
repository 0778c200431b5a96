export * from './attachment.js';
export * from './errors.js';
export * from './note.js';
export { PageCursorCodec } from './page-cursor.js';
export * from './policies.js';
export type { Clock } from './ports/clock.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from './ports/idempotency-store.js';
export type {
  NoteChanges,
  NotesPage,
  NotesPageRequest,
  NotesRepository,
  StorageOptions,
  WriteOptions,
} from './ports/notes-repository.js';
export type {
  DownloadRequest,
  ObjectStorage,
  PresignedUpload,
  StoredObject,
  UploadRequest,
} from './ports/object-storage.js';
export type { TokenVerifier } from './ports/token-verifier.js';
export type { Principal, TokenUse } from './principal.js';
export { AdminListUserNotes, USER_ID_MAX_CHARACTERS } from './use-cases/admin-list-user-notes.js';
export {
  type AttachmentDownload,
  Attachments,
  type AttachmentsDependencies,
  type RequestedUpload,
  withLiveAttachments,
} from './use-cases/attachments.js';
export { CreateNote } from './use-cases/create-note.js';
export { DeleteNote } from './use-cases/delete-note.js';
export { GetNote } from './use-cases/get-note.js';
export {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_TTL_MS,
  Idempotency,
  type IdempotentAttempt,
  type IdempotentOutcome,
  type IdempotentResult,
  parseIdempotencyKey,
} from './use-cases/idempotency.js';
export { type ListingDependencies, ListNotes } from './use-cases/list-notes.js';
export { createNotesUseCases, type NotesUseCaseDependencies, type NotesUseCases } from './use-cases/notes-use-cases.js';
export type { OperationOptions, WriteOperationOptions } from './use-cases/operation-options.js';
export {
  DEFAULT_PAGE_LIMIT,
  type ListOperationOptions,
  MAX_PAGE_LIMIT,
  type NotesListing,
  type PageBudget,
  type PageQuery,
  parseLimit,
} from './use-cases/page-query.js';
export { UpdateNote } from './use-cases/update-note.js';
