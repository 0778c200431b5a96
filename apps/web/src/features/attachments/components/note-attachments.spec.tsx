import type { AttachmentSettings } from '@secure-notes/domain';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_URL, InProcessNotesApi } from '../../../testing/in-process-api.js';
import { InProcessUploads } from '../../../testing/in-process-uploads.js';
import { renderWithApi, seedNote } from '../../../testing/render.js';
import { NotePage } from '../../notes/components/note-page.js';
import type { Attachment, RequestedUpload } from '../api/types.js';
import { NoteAttachments } from './note-attachments.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** A file on the note, put there as another tab would: asked for, uploaded and (unless told) confirmed. */
async function seedAttachment(api: InProcessNotesApi, noteId: string, name: string, content: string, confirm = true) {
  const asked = await api.fetch(`${API_URL}/notes/${noteId}/attachments`, {
    method: 'POST',
    headers: { Authorization: 'alice' },
    body: JSON.stringify({ name, contentType: 'text/plain', size: bytes(content).byteLength }),
  });
  const { attachment, upload } = (await asked.json()) as RequestedUpload;
  if (!confirm) return attachment.attachmentId;
  expect(api.storage.receiveUpload(upload.url, upload.fields, bytes(content)).ok).toBe(true);
  await api.fetch(`${API_URL}/notes/${noteId}/attachments/${attachment.attachmentId}/confirm`, {
    method: 'POST',
    headers: { Authorization: 'alice' },
  });
  return attachment.attachmentId;
}

async function storedAttachments(api: InProcessNotesApi, noteId: string) {
  const answer = await api.fetch(`${API_URL}/notes/${noteId}`, { headers: { Authorization: 'alice' } });
  return ((await answer.json()) as { attachments: Attachment[] }).attachments;
}

async function openNote(options: { settings?: Partial<AttachmentSettings>; files?: number } = {}) {
  const api = new InProcessNotesApi(options.settings);
  const uploads = new InProcessUploads(api.storage);
  vi.stubGlobal('XMLHttpRequest', uploads.XMLHttpRequest);
  const { noteId } = await seedNote(api, 'alice', 'Trip', 'Tickets attached');
  for (let index = 0; index < (options.files ?? 0); index += 1) {
    await seedAttachment(api, noteId, `seeded-${index}.txt`, 'seeded');
  }
  const view = renderWithApi(<NotePage noteId={noteId} />, { api, path: `/notes/${noteId}` });
  await screen.findByRole('textbox', { name: 'Note' });
  return { ...view, api, uploads, noteId };
}

const files = () => screen.getByRole('list', { name: 'Files on this note' });
const fileInput = () => screen.getByLabelText('Attach a file');

describe('NoteAttachments', () => {
  it("lists the note's files with their name, size, type and state", async () => {
    const api = new InProcessNotesApi();
    const { noteId } = await seedNote(api, 'alice', 'Trip');
    await seedAttachment(api, noteId, 'tickets.txt', 'x'.repeat(2048));
    await seedAttachment(api, noteId, 'hotel.txt', 'booking', false);

    renderWithApi(<NotePage noteId={noteId} />, { api, path: `/notes/${noteId}` });

    const items = within(await screen.findByRole('list', { name: 'Files on this note' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/tickets\.txt.*2 KB · text\/plain · ready/),
      expect.stringMatching(/hotel\.txt.*7 bytes · text\/plain · pending/),
    ]);
    expect(within(items[0]!).getByRole('button', { name: 'Download tickets.txt' })).toBeVisible();
    expect(within(items[1]!).queryByRole('button', { name: /Download/ })).toBeNull();
  });

  it('says a note without files has none', async () => {
    await openNote();

    expect(screen.getByText('No files on this note yet.')).toBeVisible();
  });

  it('uploads a chosen file straight to the storage with its policy fields, shows the progress, then confirms it', async () => {
    const user = userEvent.setup();
    const { api, uploads, noteId } = await openNote();
    const held = uploads.holdAtHalf();

    await user.upload(fileInput(), new File(['hello, attachments'], 'hello.txt', { type: 'text/plain' }));
    const release = await held;

    const progress = await screen.findByRole('progressbar', { name: 'Uploading hello.txt' });
    expect(progress).toHaveAttribute('value', '50');
    expect(screen.getByText('50%')).toBeVisible();
    expect(await screen.findByText('Uploading hello.txt: 50%')).toBeVisible();
    expect(within(files()).getByText(/pending/)).toBeVisible();
    release();

    expect(await screen.findByText('“hello.txt” is attached.')).toBeVisible();
    expect(await within(files()).findByText('ready')).toBeVisible();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(uploads.posts).toHaveLength(1);
    expect(Object.keys(uploads.posts[0]!.fields)).toEqual(expect.arrayContaining(['key', 'Content-Type']));
    expect(api.requestsTo('POST', /\/attachments\/[^/]+\/confirm$/)).toHaveLength(1);
    expect(await storedAttachments(api, noteId)).toMatchObject([{ name: 'hello.txt', state: 'ready' }]);
    expect(api.storage.keys('files/')).toHaveLength(1);
  });

  async function renderDownloads() {
    const api = new InProcessNotesApi();
    const { noteId } = await seedNote(api, 'alice', 'Trip');
    const attachmentId = await seedAttachment(api, noteId, 'tickets.txt', 'seat 12A');
    const navigate = vi.fn<(url: string) => void>();
    const attachments = await storedAttachments(api, noteId);
    renderWithApi(<NoteAttachments noteId={noteId} attachments={attachments} navigate={navigate} />, { api });
    return { api, noteId, attachmentId, navigate };
  }

  it('downloads by asking for a fresh link and going to it, which serves the same bytes as a file', async () => {
    const user = userEvent.setup();
    const { api, navigate } = await renderDownloads();

    await user.click(screen.getByRole('button', { name: 'Download tickets.txt' }));

    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    const served = api.storage.serveDownload(navigate.mock.calls[0]![0]);
    expect(served.ok && new TextDecoder().decode(served.value.bytes)).toBe('seat 12A');
    expect(served.ok && served.value.contentDisposition).toMatch(/^attachment; filename="?tickets\.txt"?/);
  });

  it('says so when the file was removed elsewhere before its download', async () => {
    const user = userEvent.setup();
    const { api, noteId, attachmentId, navigate } = await renderDownloads();
    await api.fetch(`${API_URL}/notes/${noteId}/attachments/${attachmentId}`, {
      method: 'DELETE',
      headers: { Authorization: 'alice' },
    });

    await user.click(screen.getByRole('button', { name: 'Download tickets.txt' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This file is no longer on the note');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('removes a file only after the confirmation', async () => {
    const user = userEvent.setup();
    const { api, noteId } = await openNote({ files: 1 });

    await user.click(await screen.findByRole('button', { name: 'Remove seeded-0.txt' }));
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await storedAttachments(api, noteId)).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Remove seeded-0.txt' }));
    await user.click(screen.getByRole('button', { name: 'Remove file' }));

    expect(await screen.findByText('No files on this note yet.')).toBeVisible();
    expect(await storedAttachments(api, noteId)).toEqual([]);
    expect(api.storage.keys()).toEqual([]);
  });

  describe('explains a refused file in words', () => {
    it('a type that may not be attached, before anything is uploaded', async () => {
      const user = userEvent.setup({ applyAccept: false });
      const { uploads } = await openNote();

      await user.upload(fileInput(), new File(['<p>hi</p>'], 'page.html', { type: 'text/html' }));

      expect(await screen.findByRole('alert')).toHaveTextContent(
        /^Files of this type cannot be attached\. These types can: application\/pdf, .*text\/plain/,
      );
      expect(uploads.posts).toEqual([]);
    });

    it('a file over the size limit', async () => {
      const user = userEvent.setup();
      await openNote({ settings: { maxBytes: 2048 } });

      await user.upload(fileInput(), new File(['x'.repeat(3000)], 'big.txt', { type: 'text/plain' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large: a file may be at most 2 KB.');
    });

    it('a note that carries as many files as it may', async () => {
      const user = userEvent.setup();
      await openNote({ settings: { maxPerNote: 1 }, files: 1 });

      await user.upload(fileInput(), new File(['more'], 'more.txt', { type: 'text/plain' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('Remove one before attaching another.');
    });

    it('a file past the storage quota', async () => {
      const user = userEvent.setup();
      await openNote({ settings: { quotaBytes: 10 }, files: 1 });

      await user.upload(fileInput(), new File(['more bytes'], 'more.txt', { type: 'text/plain' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('Your files would take more space than you have.');
    });

    it('an upload the storage refused as expired: ask again, and the failed attempt is not left on the note', async () => {
      const user = userEvent.setup();
      const { api, uploads, noteId } = await openNote();
      uploads.refuseNext({ status: 403, code: 'AccessDenied', message: 'Request has expired' });

      await user.upload(fileInput(), new File(['late'], 'late.txt', { type: 'text/plain' }));

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'The upload link expired before the file arrived. Attach the file again to get a new link.',
      );
      expect(await storedAttachments(api, noteId)).toEqual([]);
      expect(await screen.findByText('No files on this note yet.')).toBeVisible();
      expect(fileInput()).toBeEnabled();
    });

    it('a file that differs from its upload request, as the storage itself refuses it', async () => {
      const user = userEvent.setup();
      const { uploads } = await openNote();
      const file = new File(['four'], 'grows.txt', { type: 'text/plain' });
      // The file grows between the request (its size) and the POST: S3 refuses by its policy.
      vi.spyOn(file, 'size', 'get').mockReturnValue(2);

      await user.upload(fileInput(), file);

      expect(await screen.findByRole('alert')).toHaveTextContent('The file storage refused the file');
      expect(uploads.posts).toHaveLength(1);
    });
  });
});
