import type { ApiClient } from '../../../lib/api-client.js';
import { attachmentsPath, type RequestedUpload } from './types.js';

/** Browsers give no type for some files (an unknown extension): those go as plain bytes. */
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/** Asks for an upload of `file`: a pending attachment and the presigned POST that uploads exactly this file. */
export async function requestUpload(api: ApiClient, noteId: string, file: File): Promise<RequestedUpload> {
  const { body } = await api.request<RequestedUpload>('POST', attachmentsPath(noteId), {
    body: { name: file.name, contentType: file.type || FALLBACK_CONTENT_TYPE, size: file.size },
  });
  return body;
}
