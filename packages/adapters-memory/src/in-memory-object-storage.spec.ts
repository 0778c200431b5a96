import { describeObjectStorageContract } from '@secure-notes/domain/testing';
import { InMemoryObjectStorage } from './in-memory-object-storage.js';

describeObjectStorageContract('InMemoryObjectStorage', () => {
  const storage = new InMemoryObjectStorage();
  return {
    storage,
    transport: {
      async upload(upload, file, options = {}) {
        const fields: Record<string, string> = { ...upload.fields };
        for (const [name, value] of Object.entries(options.fields ?? {})) {
          if (value === null) delete fields[name];
          else fields[name] = value;
        }
        const outcome = storage.receiveUpload(upload.url, fields, file);
        return outcome.ok ? { ok: true } : { ok: false, code: outcome.refusal };
      },
      async download(url) {
        const outcome = storage.serveDownload(url);
        if (!outcome.ok) return { ok: false, code: outcome.refusal };
        return { ok: true, ...outcome.value };
      },
      async keys(prefix) {
        return storage.keys(prefix);
      },
    },
  };
});
