/**
 * How a browser reaches S3 with the API's presigned requests, for the object-storage contract
 * and the scenario suite: a `multipart/form-data` POST of the fields and the file, and a plain
 * GET of a download link. S3's refusals are read from its XML error body.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { PresignedUpload } from '@secure-notes/domain';
import type { ObjectStorageTransport, TransportUpload } from '@secure-notes/domain/testing';

/** The `<Code>` of an S3 error body, if it is one. */
export function s3ErrorCode(text: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
}

/** Posts the upload form: the presigned fields (with `options.fields` applied), then the file last. */
export async function postUpload(
  upload: PresignedUpload,
  file: Uint8Array,
  options: TransportUpload = {},
): Promise<{ ok: boolean; status: number; code?: string }> {
  const fields: Record<string, string> = { ...upload.fields };
  for (const [name, value] of Object.entries(options.fields ?? {})) {
    if (value === null) delete fields[name];
    else fields[name] = value;
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)]), 'upload.bin');
  const response = await fetch(upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  const code = s3ErrorCode(text);
  return { ok: response.ok, status: response.status, ...(response.ok || code === undefined ? {} : { code }) };
}

/** The transport of the contract suite over a real (or local) S3 bucket. */
export function s3Transport(client: S3Client, bucket: string): ObjectStorageTransport {
  return {
    async upload(upload, file, options) {
      const { ok, code } = await postUpload(upload, file, options);
      return ok ? { ok } : { ok, ...(code === undefined ? {} : { code }) };
    },
    async download(url) {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!response.ok) {
        const code = s3ErrorCode(Buffer.from(bytes).toString('utf8'));
        return { ok: false, ...(code === undefined ? {} : { code }) };
      }
      const contentType = response.headers.get('content-type');
      const contentDisposition = response.headers.get('content-disposition');
      return {
        ok: true,
        bytes,
        ...(contentType === null ? {} : { contentType }),
        ...(contentDisposition === null ? {} : { contentDisposition }),
      };
    },
    async keys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return keys;
    },
  };
}
