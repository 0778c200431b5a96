/**
 * Sends a file straight to object storage with a presigned POST: the policy's fields, then the
 * file as the last field `file`, as multipart/form-data. XMLHttpRequest rather than fetch, since
 * only it reports upload progress. S3 answers a refusal with an XML error whose `Code` says why
 * (AccessDenied for an expired or broken policy, EntityTooLarge/EntityTooSmall for another size);
 * that code travels in a `StorageError`.
 */

/** How much of the file has been sent. */
export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
}

/** The storage refused the upload (`status` 0 when no answer came: network, CORS, CSP). */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly status: number;
  /** S3's error code, e.g. `AccessDenied`, `EntityTooLarge`; undefined when the answer had none. */
  readonly code: string | undefined;
  /** S3's own words, e.g. "Request has expired". */
  readonly detail: string | undefined;

  constructor(status: number, code?: string, detail?: string) {
    super(`The file storage answered ${status}${code === undefined ? '' : ` ${code}`}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export interface FormUpload {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly file: Blob;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export function postForm({ url, fields, file, onProgress, signal }: FormUpload): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  return new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress?.({ loaded: file.size, total: file.size });
        resolve();
        return;
      }
      const { code, message } = s3Error(request.responseText);
      reject(new StorageError(request.status, code, message));
    });
    request.addEventListener('error', () => reject(new StorageError(0)));
    request.addEventListener('abort', () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

/** `<Error><Code>…</Code><Message>…</Message></Error>`, as S3 and the local S3 answer. */
function s3Error(text: string): { code?: string; message?: string } {
  if (text.trim() === '') return {};
  const document = new DOMParser().parseFromString(text, 'application/xml');
  const code = document.querySelector('Error > Code')?.textContent?.trim();
  const message = document.querySelector('Error > Message')?.textContent?.trim();
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
