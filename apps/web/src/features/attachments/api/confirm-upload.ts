import type { ApiClient } from '../../../lib/api-client.js';
import { type Attachment, attachmentsPath } from './types.js';

/** Says the upload finished; the API checks the stored file against the request and answers it `ready`. */
export async function confirmUpload(api: ApiClient, noteId: string, attachmentId: string): Promise<Attachment> {
  const { body } = await api.request<Attachment>('POST', `${attachmentsPath(noteId, attachmentId)}/confirm`);
  return body;
}
