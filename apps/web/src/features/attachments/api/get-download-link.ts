import { useMutation } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type AttachmentDownload, attachmentsPath } from './types.js';

export interface DownloadInput {
  readonly noteId: string;
  readonly attachmentId: string;
}

/** A download link valid for a short time (a minute by default): asked for at each click, never kept. */
export async function getDownloadLink(api: ApiClient, input: DownloadInput): Promise<AttachmentDownload> {
  const { body } = await api.request<AttachmentDownload>('GET', attachmentsPath(input.noteId, input.attachmentId));
  return body;
}

/**
 * Asks for a link and goes to it. S3 answers the link with `Content-Disposition: attachment`, so
 * the browser saves the file and the page stays. A mutation, not a query: a link is not data to
 * cache, and an old one would have expired.
 */
export function useDownloadAttachment(navigate: (url: string) => void = (url) => window.location.assign(url)) {
  const api = useApi();
  return useMutation({
    mutationFn: (input: DownloadInput) => getDownloadLink(api, input),
    onSuccess: ({ download }) => navigate(download.url),
  });
}
