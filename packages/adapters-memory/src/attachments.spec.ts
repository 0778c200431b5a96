/**
 * The attachment use cases over the in-memory adapters and a clock that moves only when told:
 * what the scenario suite cannot reach without waiting minutes (a pending upload that expires
 * and is dropped lazily) and what it cannot make fail on purpose (the order of deletes).
 */
import { randomBytes } from 'node:crypto';
import {
  AttachmentLimitError,
  AttachmentNotFoundError,
  type AttachmentSettings,
  createNotesUseCases,
  DEFAULT_ATTACHMENT_SETTINGS,
  noteObjectPrefixes,
  PageCursorCodec,
  UnavailableError,
  VersionMismatchError,
} from '@secure-notes/domain';
import { aPrincipal } from '@secure-notes/domain/testing';
import { describe, expect, it } from 'vitest';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';
import { InMemoryObjectStorage } from './in-memory-object-storage.js';
import { ManualClock } from './testing/manual-clock.js';
import { UlidIdGenerator } from './ulid-id-generator.js';

const settings: AttachmentSettings = {
  ...DEFAULT_ATTACHMENT_SETTINGS,
  maxPerNote: 2,
  uploadExpiresSeconds: 60,
  pendingGraceSeconds: 30,
};

function subject(overrides: Partial<AttachmentSettings> = {}) {
  const clock = new ManualClock(new Date());
  const repository = new InMemoryNotesRepository();
  const storage = new InMemoryObjectStorage(clock);
  const useCases = createNotesUseCases({
    repository,
    clock,
    ids: new UlidIdGenerator(),
    cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
    attachments: { storage, settings: { ...settings, ...overrides } },
  });
  return { clock, repository, storage, useCases, principal: aPrincipal() };
}

const file = { name: 'a.txt', contentType: 'text/plain', size: 3 };

describe('Attachments', () => {
  it('drops a pending upload once its request and the grace have passed, and makes room for another', async () => {
    const { clock, storage, useCases, principal } = subject();
    const note = await useCases.createNote.execute(principal, {});
    const first = await useCases.attachments.requestUpload(principal, note.noteId, file);
    await useCases.attachments.requestUpload(principal, note.noteId, file);
    storage.receiveUpload(first.upload.url, first.upload.fields, new Uint8Array(3));

    const full = useCases.attachments.requestUpload(principal, note.noteId, file);
    await expect(full).rejects.toBeInstanceOf(AttachmentLimitError);
    clock.advance((60 + 30) * 1000 + 1);
    const listed = await useCases.getNote.execute(principal, note.noteId);
    const third = await useCases.attachments.requestUpload(principal, note.noteId, file);
    const confirmLate = useCases.attachments.confirm(principal, note.noteId, first.attachment.attachmentId);

    expect(listed.attachments).toEqual([]);
    expect((await useCases.getNote.execute(principal, note.noteId)).attachments).toEqual([third.attachment]);
    await expect(confirmLate).rejects.toBeInstanceOf(AttachmentNotFoundError);
    // The expired upload's object went with its record.
    expect(storage.keys()).toEqual([]);
  });

  it('counts pending uploads toward the quota only while they are live', async () => {
    const { clock, useCases: limited, principal } = subject({ quotaBytes: 5 });
    const a = await limited.createNote.execute(principal, {});
    const b = await limited.createNote.execute(principal, {});
    await limited.attachments.requestUpload(principal, a.noteId, file);

    const over = limited.attachments.requestUpload(principal, b.noteId, file);
    await expect(over).rejects.toMatchObject({ limit: 'quota' });
    clock.advance((60 + 30) * 1000 + 1);
    await expect(limited.attachments.requestUpload(principal, b.noteId, file)).resolves.toBeDefined();
  });

  it('checks If-Match before it deletes any object of a note, then deletes them all before the note', async () => {
    const { storage, useCases, principal } = subject();
    const note = await useCases.createNote.execute(principal, {});
    const { attachment, upload } = await useCases.attachments.requestUpload(principal, note.noteId, file);
    storage.receiveUpload(upload.url, upload.fields, new Uint8Array(3));
    await useCases.attachments.confirm(principal, note.noteId, attachment.attachmentId);
    await useCases.updateNote.execute(principal, note.noteId, { title: 'v2' });
    const prefixes = noteObjectPrefixes(principal.userId, note.noteId);

    const stale = useCases.deleteNote.execute(principal, note.noteId, 1);
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    expect(prefixes.flatMap((p) => storage.keys(p))).toHaveLength(1);
    await useCases.deleteNote.execute(principal, note.noteId, 2);

    expect(prefixes.flatMap((p) => storage.keys(p))).toEqual([]);
  });

  it('keeps the record when deleting its object fails, so the same delete can finish later', async () => {
    const { repository, storage, useCases, principal } = subject();
    const note = await useCases.createNote.execute(principal, {});
    const { attachment } = await useCases.attachments.requestUpload(principal, note.noteId, file);
    const failing = Object.assign(Object.create(storage) as InMemoryObjectStorage, {
      delete: async () => {
        throw new UnavailableError('storage down');
      },
    });
    const broken = createNotesUseCases({
      repository,
      clock: new ManualClock(new Date()),
      ids: new UlidIdGenerator(),
      cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
      attachments: { storage: failing, settings },
    });

    await expect(broken.attachments.delete(principal, note.noteId, attachment.attachmentId)).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect((await repository.get(principal.userId, note.noteId))?.attachments).toHaveLength(1);
    await useCases.attachments.delete(principal, note.noteId, attachment.attachmentId);
    expect((await repository.get(principal.userId, note.noteId))?.attachments).toEqual([]);
  });

  it('refuses to confirm an object of another size or type than promised, and removes it', async () => {
    const { storage, useCases, principal } = subject();
    const note = await useCases.createNote.execute(principal, {});
    const sized = await useCases.attachments.requestUpload(principal, note.noteId, file);
    const typed = await useCases.attachments.requestUpload(principal, note.noteId, file);
    // Objects put under the pending keys by other means than the presigned requests.
    for (const [asked, size, contentType] of [
      [sized, 4, 'text/plain'],
      [typed, 3, 'text/html'],
    ] as const) {
      const key = asked.upload.fields.key as string;
      const other = await storage.presignUpload({ key, contentType, size, expiresInSeconds: 60 });
      storage.receiveUpload(other.url, other.fields, new Uint8Array(size));
    }

    const wrongSize = useCases.attachments.confirm(principal, note.noteId, sized.attachment.attachmentId);
    const wrongType = useCases.attachments.confirm(principal, note.noteId, typed.attachment.attachmentId);

    await expect(wrongSize).rejects.toMatchObject({ code: 'ATTACHMENT_STATE', problem: 'upload-differs' });
    await expect(wrongType).rejects.toMatchObject({ code: 'ATTACHMENT_STATE', problem: 'upload-differs' });
    expect(storage.keys()).toEqual([]);
    expect((await useCases.getNote.execute(principal, note.noteId)).attachments.map((a) => a.state)).toEqual([
      'pending',
      'pending',
    ]);
  });

  it('answers 503 when no object storage is configured', async () => {
    const useCases = createNotesUseCases({
      repository: new InMemoryNotesRepository(),
      clock: new ManualClock(),
      ids: new UlidIdGenerator(),
      cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
    });
    const principal = aPrincipal();
    const note = await useCases.createNote.execute(principal, {});

    await expect(useCases.attachments.requestUpload(principal, note.noteId, file)).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});
