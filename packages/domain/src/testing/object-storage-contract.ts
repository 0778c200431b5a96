/**
 * The contract every `ObjectStorage` keeps, as one vitest suite each adapter's tests call: the
 * in-memory one, and S3 (the project's local S3 in tests). A presigned request is only as good
 * as the storage's refusal of everything else, so the suite sends real uploads and downloads
 * through a `transport` that speaks to the storage as a browser would, and checks what is
 * refused as well as what is kept. Every test uses its own keys, under a fresh prefix.
 *
 * @example
 * describeObjectStorageContract('InMemoryObjectStorage', () => { const s = new InMemoryObjectStorage(); return { storage: s, transport: memoryTransport(s) }; });
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ObjectStorage, PresignedUpload } from '../ports/object-storage.js';

export interface TransportUpload {
  /** Fields to send instead of (or besides) the presigned ones; `null` leaves one out. */
  readonly fields?: Readonly<Record<string, string | null>>;
}

export interface TransportAnswer {
  /** Whether the storage took the request. */
  readonly ok: boolean;
  /** The storage's error code when it refused (S3's `Code`, e.g. `AccessDenied`, `EntityTooLarge`). */
  readonly code?: string;
}

export interface TransportDownload extends TransportAnswer {
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
  readonly contentDisposition?: string;
}

/** How a client reaches the storage with a presigned request. */
export interface ObjectStorageTransport {
  upload(upload: PresignedUpload, file: Uint8Array, options?: TransportUpload): Promise<TransportAnswer>;
  download(url: string): Promise<TransportDownload>;
  /** Keys stored under `prefix` (what a test can count). */
  keys(prefix: string): Promise<string[]>;
}

export interface ObjectStorageSubject {
  readonly storage: ObjectStorage;
  readonly transport: ObjectStorageTransport;
}

export type ObjectStorageFactory = () => ObjectStorageSubject | Promise<ObjectStorageSubject>;

/** Waits until the wall clock is past `deadline` (epoch ms): an expiry is a time, not a delay. */
async function until(deadline: number): Promise<void> {
  while (Date.now() <= deadline) await sleep(Math.max(10, deadline - Date.now() + 5));
}

export function describeObjectStorageContract(name: string, makeSubject: ObjectStorageFactory): void {
  const prefix = () => `contract/${randomUUID()}/`;

  async function uploaded(subject: ObjectStorageSubject, key: string, bytes: Uint8Array, contentType = 'image/png') {
    const upload = await subject.storage.presignUpload({
      key,
      contentType,
      size: bytes.byteLength,
      expiresInSeconds: 60,
    });
    const answer = await subject.transport.upload(upload, bytes);
    expect(answer, `the upload was refused: ${answer.code}`).toEqual({ ok: true });
    return upload;
  }

  describe(`ObjectStorage contract: ${name}`, () => {
    it('keeps an upload made within its request, with its size and type', async () => {
      const subject = await makeSubject();
      const key = `${prefix()}a`;
      const bytes = randomBytes(1500);

      await uploaded(subject, key, bytes, 'application/pdf');

      expect(await subject.storage.inspect(key)).toEqual({ size: 1500, contentType: 'application/pdf' });
    });

    it('refuses a file larger or smaller than the request promised, and keeps nothing', async () => {
      const subject = await makeSubject();
      const key = `${prefix()}a`;
      const upload = await subject.storage.presignUpload({
        key,
        contentType: 'image/png',
        size: 100,
        expiresInSeconds: 60,
      });

      const larger = await subject.transport.upload(upload, randomBytes(101));
      const smaller = await subject.transport.upload(upload, randomBytes(99));

      expect(larger).toMatchObject({ ok: false, code: 'EntityTooLarge' });
      expect(smaller).toMatchObject({ ok: false, code: 'EntityTooSmall' });
      expect(await subject.storage.inspect(key)).toBeUndefined();
    });

    it('refuses another content type or another key than the request names', async () => {
      const subject = await makeSubject();
      const base = prefix();
      const upload = await subject.storage.presignUpload({
        key: `${base}a`,
        contentType: 'image/png',
        size: 10,
        expiresInSeconds: 60,
      });

      const html = await subject.transport.upload(upload, randomBytes(10), { fields: { 'Content-Type': 'text/html' } });
      const elsewhere = await subject.transport.upload(upload, randomBytes(10), { fields: { key: `${base}b` } });

      expect(html).toMatchObject({ ok: false, code: 'AccessDenied' });
      expect(elsewhere).toMatchObject({ ok: false, code: 'AccessDenied' });
      expect(await subject.transport.keys(base)).toEqual([]);
    });

    it('refuses an upload once its request has expired', async () => {
      const subject = await makeSubject();
      const key = `${prefix()}a`;
      const upload = await subject.storage.presignUpload({
        key,
        contentType: 'image/png',
        size: 10,
        expiresInSeconds: 1,
      });
      // Signed before it was returned, so it has expired a second after this at the latest.
      const signed = Date.now();

      await until(signed + 2000);
      const late = await subject.transport.upload(upload, randomBytes(10));

      expect(late).toMatchObject({ ok: false, code: 'AccessDenied' });
      expect(await subject.storage.inspect(key)).toBeUndefined();
    });

    it('answers undefined for a key that holds nothing', async () => {
      const subject = await makeSubject();

      expect(await subject.storage.inspect(`${prefix()}missing`)).toBeUndefined();
    });

    it('copies an object, and downloads it byte for byte as an attachment with its file name', async () => {
      const subject = await makeSubject();
      const base = prefix();
      const bytes = randomBytes(2048);
      await uploaded(subject, `${base}pending`, bytes, 'text/plain');

      await subject.storage.copy(`${base}pending`, `${base}kept`);
      const url = await subject.storage.presignDownload({
        key: `${base}kept`,
        fileName: 'Résumé "final".txt',
        contentType: 'text/plain',
        expiresInSeconds: 60,
      });
      const download = await subject.transport.download(url);

      expect(download.ok).toBe(true);
      expect(Buffer.from(download.bytes ?? new Uint8Array()).equals(bytes)).toBe(true);
      expect(download.contentType).toBe('text/plain');
      expect(download.contentDisposition).toMatch(/^attachment;/);
      expect(download.contentDisposition).toContain("filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.txt");
      expect(await subject.storage.inspect(`${base}kept`)).toEqual({ size: 2048, contentType: 'text/plain' });
    });

    it('refuses a download once its link has expired', async () => {
      const subject = await makeSubject();
      const key = `${prefix()}a`;
      await uploaded(subject, key, randomBytes(10));
      const url = await subject.storage.presignDownload({
        key,
        fileName: 'a.png',
        contentType: 'image/png',
        expiresInSeconds: 1,
      });
      const signed = Date.now();

      await until(signed + 2000);
      const late = await subject.transport.download(url);

      expect(late).toMatchObject({ ok: false, code: 'AccessDenied' });
    });

    it('deletes objects, a missing one included, and everything under a prefix only', async () => {
      const subject = await makeSubject();
      const base = prefix();
      const other = prefix();
      await uploaded(subject, `${base}one/a`, randomBytes(5));
      await uploaded(subject, `${base}one/b`, randomBytes(5));
      await uploaded(subject, `${base}two/a`, randomBytes(5));
      await uploaded(subject, `${other}one/a`, randomBytes(5));

      await subject.storage.delete([`${base}two/a`, `${base}never`]);
      await subject.storage.deleteUnder(`${base}one/`);

      expect(await subject.transport.keys(base)).toEqual([]);
      expect(await subject.transport.keys(other)).toEqual([`${other}one/a`]);
    });
  });
}
