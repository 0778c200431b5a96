import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type Note, notesKeys } from './types.js';

export async function getNote(api: ApiClient, noteId: string, signal?: AbortSignal): Promise<Note> {
  const { body } = await api.request<Note>('GET', `/notes/${encodeURIComponent(noteId)}`, { signal });
  return body;
}

export function useNote(noteId: string) {
  const api = useApi();
  return useQuery({
    queryKey: notesKeys.detail(noteId),
    queryFn: ({ signal }) => getNote(api, noteId, signal),
  });
}
