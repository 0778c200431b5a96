/**
 * The browser's XMLHttpRequest, for component tests, over the in-process API's object storage:
 * the app's form POST of a presigned upload reaches `InMemoryObjectStorage.receiveUpload`, which
 * holds it to the key, size, type and expiry the upload was made for, and is answered as S3
 * answers (204, or an XML error with its code). Progress events go out at half and at the end;
 * `holdAtHalf` stops an upload there until the test lets it go on, to look at the progress.
 */
import type { InMemoryObjectStorage } from '@secure-notes/adapters-memory';

interface StorageAnswer {
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
}

const STATUS_OF = { AccessDenied: 403, EntityTooLarge: 400, EntityTooSmall: 400, NoSuchKey: 404 } as const;

function progressEvent(loaded: number, total: number): Event {
  return Object.assign(new Event('progress'), { lengthComputable: true, loaded, total });
}

export class InProcessUploads {
  /** Each form POST: its URL, its fields and the file's size. */
  readonly posts: { url: string; fields: Record<string, string>; size: number }[] = [];
  readonly #storage: InMemoryObjectStorage;
  readonly #refusals: StorageAnswer[] = [];
  #hold: { reached: () => void; release: Promise<void> } | undefined;

  constructor(storage: InMemoryObjectStorage) {
    this.#storage = storage;
  }

  /** The next upload gets this answer from the storage instead of its own (a refusal S3 can make). */
  refuseNext(answer: StorageAnswer): void {
    this.#refusals.push(answer);
  }

  /** Stops the next upload at half its bytes: resolves then, with the function that lets it finish. */
  holdAtHalf(): Promise<() => void> {
    return new Promise((resolveReached) => {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      this.#hold = { reached: () => resolveReached(release), release: released };
    });
  }

  async #answer(url: string, form: FormData): Promise<StorageAnswer> {
    const fields: Record<string, string> = {};
    for (const [name, value] of form.entries()) if (name !== 'file' && typeof value === 'string') fields[name] = value;
    const file = form.get('file');
    const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    this.posts.push({ url, fields, size: bytes.byteLength });
    const refusal = this.#refusals.shift();
    if (refusal !== undefined) return refusal;
    const outcome = this.#storage.receiveUpload(url, fields, bytes);
    if (outcome.ok) return { status: 204 };
    return { status: STATUS_OF[outcome.refusal], code: outcome.refusal, message: outcome.refusal };
  }

  /** Install with `vi.stubGlobal('XMLHttpRequest', uploads.XMLHttpRequest)`. */
  get XMLHttpRequest() {
    const uploads = this;
    return class FakeXMLHttpRequest extends EventTarget {
      readonly upload = new EventTarget();
      status = 0;
      responseText = '';
      #url = '';
      #aborted = false;

      open(method: string, url: string): void {
        if (method !== 'POST') throw new Error(`only form POSTs go to the storage, not ${method}`);
        this.#url = url;
      }

      abort(): void {
        this.#aborted = true;
        this.dispatchEvent(new Event('abort'));
      }

      send(body: FormData): void {
        void (async () => {
          const file = body.get('file');
          const total = file instanceof Blob ? file.size : 0;
          this.upload.dispatchEvent(progressEvent(Math.floor(total / 2), total));
          const hold = uploads.#hold;
          uploads.#hold = undefined;
          if (hold !== undefined) {
            hold.reached();
            await hold.release;
          }
          if (this.#aborted) return;
          const answer = await uploads.#answer(this.#url, body);
          this.upload.dispatchEvent(progressEvent(total, total));
          this.status = answer.status;
          this.responseText =
            answer.code === undefined
              ? ''
              : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${answer.code}</Code><Message>${answer.message ?? ''}</Message></Error>`;
          this.dispatchEvent(new Event('load'));
        })();
      }
    };
  }
}
