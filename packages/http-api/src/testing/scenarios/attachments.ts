/**
 * Files on a note, end to end: the API answers with presigned requests, and the scenarios send
 * the bytes to the environment's object storage as a browser would (a form POST, a plain GET),
 * so every refusal here is the storage's own or the API's, never the test's.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttachmentSettings, DEFAULT_ATTACHMENT_SETTINGS, noteObjectPrefixes } from '@secure-notes/domain';
import { expect, it } from 'vitest';
import type { ApiResponse } from '../api-client.js';
import type { ScenarioContext, ScenarioUser } from '../context.js';
import {
  type AttachmentBody,
  expectJson,
  expectPrivate,
  expectValidationFailed,
  type NoteBody,
} from '../expectations.js';

interface UploadAnswer {
  readonly attachment: AttachmentBody;
  readonly upload: { method: 'POST'; url: string; fields: Record<string, string>; expiresAt: string };
}

interface DownloadAnswer {
  readonly attachment: AttachmentBody;
  readonly download: { url: string; expiresAt: string };
}

const NOTE_NOT_FOUND = { error: 'Note not found' };
const ATTACHMENT_NOT_FOUND = { error: 'Attachment not found' };

/** Posts the upload form: the presigned fields (with `fields` applied), then the file last. */
export async function postUpload(
  upload: UploadAnswer['upload'],
  file: Uint8Array,
  fields: Readonly<Record<string, string>> = {},
): Promise<{ status: number; code: string | undefined }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...fields })) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)]), 'file.bin');
  const response = await fetch(upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

/**
 * The settings every scenario environment runs the API with: links that expire within four
 * seconds, small files, and a quota of four of the largest. A presigned GET's `X-Amz-Date` is
 * whole seconds, so a link lives up to a second less than asked: four seconds leave a busy
 * machine at least three between receiving a link and using it, and the expiry scenario waits
 * them out. The grace keeps pending uploads counting while a scenario asks for many in a row on
 * a slow machine.
 */
export const SCENARIO_ATTACHMENT_SETTINGS: AttachmentSettings = Object.freeze({
  ...DEFAULT_ATTACHMENT_SETTINGS,
  maxBytes: 64 * 1024,
  quotaBytes: 256 * 1024,
  uploadExpiresSeconds: 4,
  downloadExpiresSeconds: 4,
  pendingGraceSeconds: 60,
});

/** Waits until the wall clock is past an ISO time: an expiry is a time, not a delay. */
async function until(iso: string): Promise<void> {
  const deadline = Date.parse(iso) + 1000;
  while (Date.now() <= deadline) await sleep(Math.max(10, deadline - Date.now() + 5));
}

export function attachmentScenarios(ctx: ScenarioContext): void {
  const settings = () => ctx.env.attachments.settings;
  const pathOf = (noteId: string, attachmentId?: string) =>
    `/notes/${noteId}/attachments${attachmentId === undefined ? '' : `/${attachmentId}`}`;

  async function ask(user: ScenarioUser, noteId: string, body: Record<string, unknown>): Promise<ApiResponse> {
    return ctx.api.post(pathOf(noteId), { token: user.token, json: body });
  }

  async function asked(user: ScenarioUser, noteId: string, file: Uint8Array, contentType = 'text/plain') {
    const response = await ask(user, noteId, { name: 'notes.txt', contentType, size: file.byteLength });
    expectJson(response, 201);
    return response.body as UploadAnswer;
  }

  async function attached(user: ScenarioUser, note: NoteBody, file: Uint8Array, contentType = 'text/plain') {
    const { attachment, upload } = await asked(user, note.noteId, file, contentType);
    expect(await postUpload(upload, file)).toMatchObject({ status: 204 });
    const confirmed = await ctx.api.post(`${pathOf(note.noteId, attachment.attachmentId)}/confirm`, {
      token: user.token,
    });
    expectJson(confirmed, 200);
    return confirmed.body as AttachmentBody;
  }

  async function noteObjects(user: ScenarioUser, noteId: string): Promise<string[]> {
    const keys = await Promise.all(
      noteObjectPrefixes(user.userId, noteId).map((p) => ctx.env.attachments.objectKeys(p)),
    );
    return keys.flat();
  }

  async function deleteNote(user: ScenarioUser, noteId: string): Promise<void> {
    expect((await ctx.api.delete(`/notes/${noteId}`, { token: user.token })).status).toBe(204);
  }

  it('uploads, confirms, downloads byte for byte as an attachment, and deletes a file', async () => {
    const note = await ctx.createNote(ctx.alice);
    const file = randomBytes(3000);

    const askedFor = await ask(ctx.alice, note.noteId, {
      name: 'Résumé "v2".pdf',
      contentType: 'application/pdf',
      size: 3000,
    });
    const { attachment, upload } = askedFor.body as UploadAnswer;
    const pending = (await ctx.getNote(ctx.alice, note.noteId)).body as NoteBody;
    const uploaded = await postUpload(upload, file);
    const confirmed = await ctx.api.post(`${pathOf(note.noteId, attachment.attachmentId)}/confirm`, {
      token: ctx.alice.token,
    });
    const ready = await ctx.getNote(ctx.alice, note.noteId);
    const link = await ctx.api.get(pathOf(note.noteId, attachment.attachmentId), { token: ctx.alice.token });
    const { download } = link.body as DownloadAnswer;
    const fetched = await fetch(download.url);
    const bytes = Buffer.from(await fetched.arrayBuffer());
    const removed = await ctx.api.delete(pathOf(note.noteId, attachment.attachmentId), { token: ctx.alice.token });
    const after = await ctx.getNote(ctx.alice, note.noteId);

    expectJson(askedFor, 201);
    expect(askedFor.headers.get('location')).toMatch(
      new RegExp(`/notes/${note.noteId}/attachments/${attachment.attachmentId}$`),
    );
    expect(attachment).toMatchObject({
      name: 'Résumé "v2".pdf',
      contentType: 'application/pdf',
      size: 3000,
      state: 'pending',
    });
    expect(upload.method).toBe('POST');
    expect(Object.values(upload.fields).join(' ')).not.toContain('Résumé');
    expect(pending.attachments).toEqual([attachment]);
    expect(uploaded.status).toBe(204);
    expectJson(confirmed, 200);
    const { uploadExpiresAt: _, ...readyAttachment } = attachment;
    expect(confirmed.body).toEqual({ ...readyAttachment, state: 'ready' });
    expectJson(ready, 200);
    expect((ready.body as NoteBody).attachments).toEqual([confirmed.body]);
    expect(ready.headers.get('etag')).toBe('"1"');
    expectJson(link, 200);
    expectPrivate(link);
    expect(Date.parse(download.expiresAt)).toBeLessThanOrEqual(
      Date.now() + settings().downloadExpiresSeconds * 1000 + 1000,
    );
    expect(fetched.status).toBe(200);
    expect(bytes.equals(file)).toBe(true);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(fetched.headers.get('content-disposition')).toBe(
      `attachment; filename="R_sum_ _v2_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22v2%22.pdf`,
    );
    expect(removed.status).toBe(204);
    expect((after.body as NoteBody).attachments).toEqual([]);
    expect(await noteObjects(ctx.alice, note.noteId)).toEqual([]);
    await deleteNote(ctx.alice, note.noteId);
  });

  it('is refused by the storage for a larger or smaller file, another type or another key; then confirming finds nothing', async () => {
    const note = await ctx.createNote(ctx.alice);
    const { attachment, upload } = await asked(ctx.alice, note.noteId, randomBytes(100));

    const larger = await postUpload(upload, randomBytes(101));
    const smaller = await postUpload(upload, randomBytes(99));
    const html = await postUpload(upload, randomBytes(100), { 'Content-Type': 'text/html' });
    const otherKey = await postUpload(upload, randomBytes(100), { key: `${upload.fields.key}-other` });
    const confirmed = await ctx.api.post(`${pathOf(note.noteId, attachment.attachmentId)}/confirm`, {
      token: ctx.alice.token,
    });

    expect(larger).toEqual({ status: 400, code: 'EntityTooLarge' });
    expect(smaller).toEqual({ status: 400, code: 'EntityTooSmall' });
    expect(html).toEqual({ status: 403, code: 'AccessDenied' });
    expect(otherKey).toEqual({ status: 403, code: 'AccessDenied' });
    expectJson(confirmed, 409, { error: 'Upload not found' });
    expect(await noteObjects(ctx.alice, note.noteId)).toEqual([]);
    await deleteNote(ctx.alice, note.noteId);
  });

  it('refuses an upload request and a download link once they have expired', async () => {
    const note = await ctx.createNote(ctx.alice);
    const file = randomBytes(10);
    const stale = await asked(ctx.alice, note.noteId, file);
    const ready = await attached(ctx.alice, note, file);
    const link = (await ctx.api.get(pathOf(note.noteId, ready.attachmentId), { token: ctx.alice.token }))
      .body as DownloadAnswer;

    await until(stale.upload.expiresAt);
    await until(link.download.expiresAt);
    const lateUpload = await postUpload(stale.upload, file);
    const lateDownload = await fetch(link.download.url);
    const lateConfirm = await ctx.api.post(`${pathOf(note.noteId, stale.attachment.attachmentId)}/confirm`, {
      token: ctx.alice.token,
    });
    const listed = (await ctx.getNote(ctx.alice, note.noteId)).body as NoteBody;

    expect(lateUpload).toEqual({ status: 403, code: 'AccessDenied' });
    expect(lateDownload.status).toBe(403);
    expect(await lateDownload.text()).toContain('<Code>AccessDenied</Code>');
    // Within its grace period the pending record still counts; nothing was stored for it.
    expectJson(lateConfirm, 409, { error: 'Upload not found' });
    expect(listed.attachments.map((a) => a.attachmentId)).toEqual([stale.attachment.attachmentId, ready.attachmentId]);
    await deleteNote(ctx.alice, note.noteId);
  });

  it("answers 404 to another user on every route, and never touches the owner's file", async () => {
    const note = await ctx.createNote(ctx.alice);
    const file = randomBytes(20);
    const ready = await attached(ctx.alice, note, file);
    const path = pathOf(note.noteId, ready.attachmentId);

    const create = await ask(ctx.bob, note.noteId, { name: 'x.txt', contentType: 'text/plain', size: 1 });
    const confirm = await ctx.api.post(`${path}/confirm`, { token: ctx.bob.token });
    const get = await ctx.api.get(path, { token: ctx.bob.token });
    const remove = await ctx.api.delete(path, { token: ctx.bob.token });
    const ownNoteOtherId = await ctx.api.get(pathOf(note.noteId, '01ARZ3NDEKTSV4RRFFQ69G5FAV'), {
      token: ctx.alice.token,
    });
    const malformedId = await ctx.api.get(pathOf(note.noteId, '..%2F..%2Ffiles'), { token: ctx.alice.token });

    for (const answer of [create, confirm, get, remove]) expectJson(answer, 404, NOTE_NOT_FOUND);
    expectJson(ownNoteOtherId, 404, ATTACHMENT_NOT_FOUND);
    expect([404]).toContain(malformedId.status);
    const still = await ctx.api.get(path, { token: ctx.alice.token });
    expectJson(still, 200);
    expect(
      Buffer.from(await (await fetch((still.body as DownloadAnswer).download.url)).arrayBuffer()).equals(file),
    ).toBe(true);
    await deleteNote(ctx.alice, note.noteId);
  });

  it("shows an admin another user's attachments' metadata, never a link to the file", async () => {
    const note = await ctx.createNote(ctx.alice);
    const ready = await attached(ctx.alice, note, randomBytes(5));

    const listing = await ctx.api.get(`/admin/users/${ctx.alice.userId}/notes`, { token: ctx.admin.token });
    const link = await ctx.api.get(pathOf(note.noteId, ready.attachmentId), { token: ctx.admin.token });

    const listed = (listing.body as { notes: NoteBody[] }).notes.find((n) => n.noteId === note.noteId);
    expect(listed?.attachments).toEqual([ready]);
    expect(listing.text).not.toMatch(/X-Amz-Signature|https?:\/\/[^"]*\/files\//);
    expectJson(link, 404, NOTE_NOT_FOUND);
    await deleteNote(ctx.alice, note.noteId);
  });

  it('deletes every object of a note with the note, uploads not yet confirmed included', async () => {
    const note = await ctx.createNote(ctx.alice);
    await attached(ctx.alice, note, randomBytes(30));
    const unconfirmed = await asked(ctx.alice, note.noteId, randomBytes(40));
    await postUpload(unconfirmed.upload, randomBytes(40));
    const before = await noteObjects(ctx.alice, note.noteId);

    await deleteNote(ctx.alice, note.noteId);

    expect(before).toHaveLength(2);
    expect(await noteObjects(ctx.alice, note.noteId)).toEqual([]);
  });

  it('confirms only what was promised: a pending download is refused, a confirmation without upload is a 409', async () => {
    const note = await ctx.createNote(ctx.alice);
    const { attachment } = await asked(ctx.alice, note.noteId, randomBytes(10));
    const path = pathOf(note.noteId, attachment.attachmentId);

    const early = await ctx.api.get(path, { token: ctx.alice.token });
    const confirm = await ctx.api.post(`${path}/confirm`, { token: ctx.alice.token });

    expectJson(early, 409, { error: 'Attachment not uploaded yet' });
    expectJson(confirm, 409, { error: 'Upload not found' });
    await deleteNote(ctx.alice, note.noteId);
  });

  it('refuses a file over the size limit, a type off the allow-list, and a note that does not exist', async () => {
    const note = await ctx.createNote(ctx.alice);
    const gone = await ctx.goneNoteId(ctx.alice);

    const tooBig = await ask(ctx.alice, note.noteId, {
      name: 'a.bin',
      contentType: 'text/plain',
      size: settings().maxBytes + 1,
    });
    const html = await ask(ctx.alice, note.noteId, { name: 'a.html', contentType: 'text/html', size: 1 });
    const svg = await ask(ctx.alice, note.noteId, { name: 'a.svg', contentType: 'image/svg+xml', size: 1 });
    const absent = await ask(ctx.alice, gone, { name: 'a.txt', contentType: 'text/plain', size: 1 });

    expectValidationFailed(tooBig, 'size');
    expectValidationFailed(html, 'contentType');
    expectValidationFailed(svg, 'contentType');
    expectJson(absent, 404, NOTE_NOT_FOUND);
    expect(((await ctx.getNote(ctx.alice, note.noteId)).body as NoteBody).attachments).toEqual([]);
    await deleteNote(ctx.alice, note.noteId);
  });

  it('holds the count per note: one more than the limit is a 409, and a delete makes room', async () => {
    const note = await ctx.createNote(ctx.alice);
    const limit = settings().maxPerNote;
    const ids: string[] = [];
    for (let i = 0; i < limit; i += 1)
      ids.push((await asked(ctx.alice, note.noteId, randomBytes(1))).attachment.attachmentId);

    const over = await ask(ctx.alice, note.noteId, { name: 'a.txt', contentType: 'text/plain', size: 1 });
    await ctx.api.delete(pathOf(note.noteId, ids[0] as string), { token: ctx.alice.token });
    const again = await ask(ctx.alice, note.noteId, { name: 'a.txt', contentType: 'text/plain', size: 1 });

    expectJson(over, 409, { error: 'Too many attachments' });
    expectJson(again, 201);
    await deleteNote(ctx.alice, note.noteId);
  });

  it("holds the owner's quota across notes, pending uploads included", async () => {
    const { maxBytes, quotaBytes } = settings();
    const notes = [await ctx.createNote(ctx.bob), await ctx.createNote(ctx.bob)];
    let left = quotaBytes;
    let index = 0;
    while (left > 0) {
      const size = Math.min(maxBytes, left);
      const note = notes[index % 2] as NoteBody;
      expectJson(
        await ask(ctx.bob, note.noteId, { name: 'a.bin', contentType: 'application/octet-stream', size }),
        201,
      );
      left -= size;
      index += 1;
    }

    const over = await ask(ctx.bob, (notes[0] as NoteBody).noteId, {
      name: 'b.bin',
      contentType: 'text/plain',
      size: 1,
    });
    const byAlice = await ctx.createNote(ctx.alice);
    const otherOwner = await ask(ctx.alice, byAlice.noteId, { name: 'b.bin', contentType: 'text/plain', size: 1 });

    expectJson(over, 409, { error: 'Attachment quota exceeded' });
    expectJson(otherOwner, 201);
    for (const note of [...notes]) await deleteNote(ctx.bob, note.noteId);
    await deleteNote(ctx.alice, byAlice.noteId);
  });
}
