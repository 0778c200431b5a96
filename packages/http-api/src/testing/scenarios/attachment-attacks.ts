/**
 * Attacks on files (OWASP API3 and API8 for uploads): names that try to climb out of a folder,
 * hide their extension or break a header, content types a browser would render or run, and the
 * headers a download comes back with. Each refusal leaves the note without a record; each
 * accepted name comes back whole, and only ever as a download.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ScenarioContext } from '../context.js';
import { expectValidationFailed, type NoteBody } from '../expectations.js';
import { postUpload } from './attachments.js';

const NAMES_REFUSED: readonly [string, string][] = [
  ['a parent folder', '../../etc/passwd'],
  ['a Windows path', '..\\..\\boot.ini'],
  ['a folder', 'files/other-user/note/x'],
  ['a dot-dot name', '..'],
  ['a NUL byte', 'report.pdf\u0000.html'],
  ['a line break', 'report\r\nContent-Type: text/html.txt'],
  ['a DEL', 'report\u007f.txt'],
  ['a C1 control', 'report\u0085.txt'],
  ['a right-to-left override', 'invoice\u202Efdp.exe'],
  ['a right-to-left mark', 'report\u200F.txt'],
  ['a right-to-left isolate', 'report\u2067txt.exe'],
  ['leading white space', ' report.txt'],
  ['a very long name', `${'a'.repeat(300)}.txt`],
  ['an empty name', ''],
];

const TYPES_REFUSED: readonly string[] = [
  'text/html',
  'TEXT/HTML',
  'text/html; charset=utf-8',
  'text/plain; charset=utf-8',
  'application/xhtml+xml',
  'image/svg+xml',
  'application/javascript',
  'text/javascript',
  'application/ecmascript',
  'text/xml',
  'application/xml',
  'multipart/x-mixed-replace',
  'application/x-shockwave-flash',
  '*/*',
  'text/*',
];

export function attachmentAttackScenarios(ctx: ScenarioContext): void {
  const ask = (noteId: string, body: Record<string, unknown>) =>
    ctx.api.post(`/notes/${noteId}/attachments`, { token: ctx.alice.token, json: body });

  it('refuses file names that climb folders, hide their extension or carry control characters, and stores nothing', async () => {
    const note = await ctx.createNote(ctx.alice);

    for (const [what, name] of NAMES_REFUSED) {
      const response = await ask(note.noteId, { name, contentType: 'text/plain', size: 1 });
      expect(response.status, `${what}: ${JSON.stringify(name)}`).toBe(400);
      expectValidationFailed(response, 'name');
    }

    expect(((await ctx.getNote(ctx.alice, note.noteId)).body as NoteBody).attachments).toEqual([]);
    await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token });
  });

  it('refuses every content type a browser would render as a page or run as script', async () => {
    const note = await ctx.createNote(ctx.alice);

    for (const contentType of TYPES_REFUSED) {
      const response = await ask(note.noteId, { name: 'page.html', contentType, size: 1 });
      expect(response.status, contentType).toBe(400);
      expectValidationFailed(response, 'contentType');
    }

    expect(((await ctx.getNote(ctx.alice, note.noteId)).body as NoteBody).attachments).toEqual([]);
    await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token });
  });

  it('serves a file that holds a page as a download of its own type, its name quoted safely', async () => {
    const note = await ctx.createNote(ctx.alice);
    const page = Buffer.from('<html><script>alert(document.domain)</script></html>');
    const name = 'x.txt"; filename="evil.html';
    const asked = await ask(note.noteId, { name, contentType: 'text/plain', size: page.byteLength });
    const { attachment, upload } = asked.body as { attachment: { attachmentId: string }; upload: never };
    await postUpload(upload, page);
    const path = `/notes/${note.noteId}/attachments/${attachment.attachmentId}`;
    await ctx.api.post(`${path}/confirm`, { token: ctx.alice.token });

    const link = await ctx.api.get(path, { token: ctx.alice.token });
    const download = await fetch((link.body as { download: { url: string } }).download.url);
    const bytes = Buffer.from(await download.arrayBuffer());

    expect(asked.status).toBe(201);
    expect(download.status).toBe(200);
    expect(bytes.equals(page)).toBe(true);
    expect(download.headers.get('content-type')).toBe('text/plain');
    // One disposition, `attachment`, whose only names are the quoted fallback and the encoded whole.
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="x.txt_; filename=_evil.html"; filename*=UTF-8''x.txt%22%3B%20filename%3D%22evil.html`,
    );
    await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token });
  });

  it('keeps a name with any other Unicode whole, and never lets the client pick the key', async () => {
    const note = await ctx.createNote(ctx.alice);
    const name = 'Ünïcödé 报告 📎.pdf';

    const asked = await ask(note.noteId, { name, contentType: 'application/pdf', size: 4 });
    const keyed = await ask(note.noteId, { name: 'a.pdf', contentType: 'application/pdf', size: 4, key: 'files/x' });
    const { attachment, upload } = asked.body as {
      attachment: { attachmentId: string; name: string };
      upload: { fields: Record<string, string> };
    };

    expect(attachment.name).toBe(name);
    expect(upload.fields.key).toMatch(new RegExp(`/${note.noteId}/${attachment.attachmentId}$`));
    expect(upload.fields.key).not.toContain('pdf');
    expectValidationFailed(keyed, 'key');
    expect(await postUpload(upload as never, randomBytes(4))).toMatchObject({ status: 204 });
    await ctx.api.delete(`/notes/${note.noteId}`, { token: ctx.alice.token });
  });
}
