/**
 * The attachment use cases: ask for an upload, confirm it, get a download link, delete a file.
 * The bytes never pass through the API: the client sends them straight to object storage with a
 * presigned request whose key, size and type the storage enforces, and the API checks the
 * object before it marks the record `ready`. Each write of a note's attachments is a
 * compare-and-swap on the whole list (see `NotesRepository.replaceAttachments`), retried a few
 * times when another request changed the list in between.
 *
 * Order of deletes: the object first, then the record. A failure between the two leaves a
 * record whose object is gone, which the same `DELETE` repeated clears (deleting a missing
 * object succeeds); never an object that no record names.
 */
import {
  type Attachment,
  type AttachmentSettings,
  fileKeyOf,
  isLive,
  parseAttachmentRequest,
  pendingKeyOf,
} from '../attachment.js';
import {
  AttachmentLimitError,
  AttachmentNotFoundError,
  AttachmentStateError,
  ConcurrentChangeError,
  NoteNotFoundError,
  UnavailableError,
} from '../errors.js';
import { isNoteId, type Note } from '../note.js';
import { ownerOf, requireAccess, requireOwnership } from '../policies.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { NotesRepository, StorageOptions } from '../ports/notes-repository.js';
import type { ObjectStorage, PresignedUpload } from '../ports/object-storage.js';
import type { Principal } from '../principal.js';
import { type OperationOptions, storageOptionsOf } from './operation-options.js';

/** The object storage and the rules; absent where a deployment has no bucket for attachments. */
export interface AttachmentsDependencies {
  readonly storage: ObjectStorage;
  readonly settings: AttachmentSettings;
}

export interface RequestedUpload {
  readonly attachment: Attachment;
  /** An HTML form POST: `fields`, then the file as the field `file`, to `url`, before `expiresAt`. */
  readonly upload: PresignedUpload & { readonly method: 'POST'; readonly expiresAt: string };
}

export interface AttachmentDownload {
  readonly attachment: Attachment;
  readonly download: { readonly url: string; readonly expiresAt: string };
}

const ATTEMPTS = 3;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The note without the pending records whose upload window has passed. */
export function withLiveAttachments(note: Note, now: Date, settings: AttachmentSettings): Note {
  const live = note.attachments.filter((attachment) => isLive(attachment, now, settings));
  return live.length === note.attachments.length ? note : { ...note, attachments: live };
}

/** Runs `attempt` again when another request changed the same note's attachments in between. */
async function retryOnConcurrentChange<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      if (tries >= ATTEMPTS) {
        throw new UnavailableError('the note’s attachments kept changing under this request; retry shortly', 1, {
          cause: error,
        });
      }
    }
  }
}

/**
 * Every attachment use case over one set of ports.
 *
 * @example
 * const files = new Attachments(repository, clock, ids, { storage, settings });
 * const { upload } = await files.requestUpload(principal, noteId, { name: 'a.pdf', contentType: 'application/pdf', size: 1024 });
 */
export class Attachments {
  readonly #repository: NotesRepository;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #dependencies: AttachmentsDependencies | undefined;

  constructor(
    repository: NotesRepository,
    clock: Clock,
    ids: IdGenerator,
    dependencies: AttachmentsDependencies | undefined,
  ) {
    this.#repository = repository;
    this.#clock = clock;
    this.#ids = ids;
    this.#dependencies = dependencies;
  }

  get #configured(): AttachmentsDependencies {
    if (this.#dependencies === undefined) {
      throw new UnavailableError('attachments are not configured on this deployment (ATTACHMENTS_BUCKET)', 60);
    }
    return this.#dependencies;
  }

  /** `POST /notes/{noteId}/attachments`: a pending record and a presigned upload for it. */
  async requestUpload(
    principal: Principal,
    noteId: string,
    input: unknown,
    options: OperationOptions = {},
  ): Promise<RequestedUpload> {
    requireAccess(principal, 'write');
    const { storage, settings } = this.#configured;
    const request = parseAttachmentRequest(input, settings);
    const owner = ownerOf(principal);
    const io = storageOptionsOf(options);
    return retryOnConcurrentChange(async () => {
      const note = await this.#note(principal, noteId, io);
      const now = this.#clock.now();
      const live = note.attachments.filter((attachment) => isLive(attachment, now, settings));
      if (live.length >= settings.maxPerNote) {
        throw new AttachmentLimitError('count', `a note carries at most ${settings.maxPerNote} attachments`);
      }
      const used = await this.#usedBytes(owner, now, io);
      if (used + request.size > settings.quotaBytes) {
        throw new AttachmentLimitError(
          'quota',
          `this file would take the owner's attachments past ${settings.quotaBytes} bytes (${used} in use)`,
        );
      }
      const expiresAt = new Date(now.getTime() + settings.uploadExpiresSeconds * 1000).toISOString();
      const attachment: Attachment = {
        attachmentId: this.#ids.next(),
        name: request.name,
        contentType: request.contentType,
        size: request.size,
        state: 'pending',
        createdAt: now.toISOString(),
        uploadExpiresAt: expiresAt,
      };
      // Expired pending records are dropped here, in the same write: this is their lazy removal.
      await this.#repository.replaceAttachments(owner, note.noteId, note.attachments, [...live, attachment], io);
      const expired = note.attachments.filter((a) => !live.includes(a));
      // Their uploads, if any landed: the pending prefix's lifecycle rule is the backstop.
      if (expired.length > 0) {
        await storage.delete(
          expired.map((a) => pendingKeyOf(owner, note.noteId, a.attachmentId)),
          io,
        );
      }
      const upload = await storage.presignUpload({
        key: pendingKeyOf(owner, note.noteId, attachment.attachmentId),
        contentType: attachment.contentType,
        size: attachment.size,
        expiresInSeconds: settings.uploadExpiresSeconds,
      });
      return { attachment, upload: { method: 'POST', ...upload, expiresAt } };
    });
  }

  /**
   * `POST /notes/{noteId}/attachments/{attachmentId}/confirm`: checks the uploaded object against
   * what was promised, keeps it under `files/` and marks the record `ready`. Confirming a ready
   * attachment again answers it as it is.
   */
  async confirm(
    principal: Principal,
    noteId: string,
    attachmentId: string,
    options: OperationOptions = {},
  ): Promise<Attachment> {
    requireAccess(principal, 'write');
    const { storage, settings } = this.#configured;
    const owner = ownerOf(principal);
    const io = storageOptionsOf(options);
    return retryOnConcurrentChange(async () => {
      const note = await this.#note(principal, noteId, io);
      const attachment = this.#live(note, attachmentId, settings);
      if (attachment.state === 'ready') return attachment;
      const pendingKey = pendingKeyOf(owner, note.noteId, attachmentId);
      const uploaded = await storage.inspect(pendingKey, io);
      if (uploaded === undefined) {
        throw new AttachmentStateError('upload-missing', 'no file was uploaded for this attachment yet');
      }
      if (uploaded.size !== attachment.size || uploaded.contentType !== attachment.contentType) {
        // Gone, so that the upload request, while still valid, can be used again.
        await storage.delete([pendingKey], io);
        throw new AttachmentStateError(
          'upload-differs',
          `the uploaded file is ${uploaded.size} bytes of ${uploaded.contentType ?? 'no type'}, not the ${attachment.size} bytes of ${attachment.contentType} promised`,
        );
      }
      await storage.copy(pendingKey, fileKeyOf(owner, note.noteId, attachmentId), io);
      const { uploadExpiresAt: _, ...rest } = attachment;
      const ready: Attachment = { ...rest, state: 'ready' };
      await this.#repository.replaceAttachments(
        owner,
        note.noteId,
        note.attachments,
        note.attachments.map((a) => (a.attachmentId === attachmentId ? ready : a)),
        io,
      );
      await storage.delete([pendingKey], io);
      return ready;
    });
  }

  /** `GET /notes/{noteId}/attachments/{attachmentId}`: a short-lived download link of a ready file. */
  async download(
    principal: Principal,
    noteId: string,
    attachmentId: string,
    options: OperationOptions = {},
  ): Promise<AttachmentDownload> {
    requireAccess(principal, 'read');
    const { storage, settings } = this.#configured;
    const note = await this.#note(principal, noteId, storageOptionsOf(options));
    const attachment = this.#live(note, attachmentId, settings);
    if (attachment.state !== 'ready') {
      throw new AttachmentStateError('not-ready', 'the file has not been uploaded and confirmed yet');
    }
    const now = this.#clock.now();
    const url = await storage.presignDownload({
      key: fileKeyOf(ownerOf(principal), note.noteId, attachmentId),
      fileName: attachment.name,
      contentType: attachment.contentType,
      expiresInSeconds: settings.downloadExpiresSeconds,
    });
    const expiresAt = new Date(now.getTime() + settings.downloadExpiresSeconds * 1000).toISOString();
    return { attachment, download: { url, expiresAt } };
  }

  /** `DELETE /notes/{noteId}/attachments/{attachmentId}`: the objects first, then the record. */
  async delete(principal: Principal, noteId: string, attachmentId: string, options: OperationOptions = {}) {
    requireAccess(principal, 'write');
    const { storage } = this.#configured;
    const owner = ownerOf(principal);
    const io = storageOptionsOf(options);
    await retryOnConcurrentChange(async () => {
      const note = await this.#note(principal, noteId, io);
      // Expired pending records too: deleting one is how a client tidies up a failed upload.
      if (!note.attachments.some((a) => a.attachmentId === attachmentId)) {
        throw new AttachmentNotFoundError(attachmentId);
      }
      await storage.delete(
        [pendingKeyOf(owner, note.noteId, attachmentId), fileKeyOf(owner, note.noteId, attachmentId)],
        io,
      );
      await this.#repository.replaceAttachments(
        owner,
        note.noteId,
        note.attachments,
        note.attachments.filter((a) => a.attachmentId !== attachmentId),
        io,
      );
    });
  }

  async #note(principal: Principal, noteId: string, io: StorageOptions): Promise<Note> {
    if (!isNoteId(noteId)) throw new NoteNotFoundError(noteId);
    return requireOwnership(principal, await this.#repository.get(ownerOf(principal), noteId, io), noteId);
  }

  #live(note: Note, attachmentId: string, settings: AttachmentSettings): Attachment {
    const attachment = ULID.test(attachmentId)
      ? note.attachments.find((a) => a.attachmentId === attachmentId)
      : undefined;
    if (attachment === undefined || !isLive(attachment, this.#clock.now(), settings)) {
      throw new AttachmentNotFoundError(attachmentId);
    }
    return attachment;
  }

  /** Bytes the owner's live attachments take, across every note (a walk through their notes). */
  async #usedBytes(owner: string, now: Date, io: StorageOptions): Promise<number> {
    const { settings } = this.#configured;
    let used = 0;
    let startAfter: string | undefined;
    do {
      const page = await this.#repository.list(
        owner,
        startAfter === undefined ? { limit: 100 } : { limit: 100, startAfter },
        io,
      );
      for (const note of page.notes) {
        for (const a of note.attachments) if (isLive(a, now, settings)) used += a.size;
      }
      startAfter = page.lastNoteId;
    } while (startAfter !== undefined);
    return used;
  }
}
