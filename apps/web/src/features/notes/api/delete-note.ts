import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { notesKeys } from './types.js';

export interface DeleteNoteInput {
  readonly noteId: string;
  /** The version the person saw; a newer one on the server makes this a 412, and nothing is deleted. */
  readonly version: number | undefined;
}

export async function deleteNote(api: ApiClient, input: DeleteNoteInput): Promise<void> {
  await api.request<undefined>('DELETE', `/notes/${encodeURIComponent(input.noteId)}`, {
    headers: input.version === undefined ? {} : { 'If-Match': `"${input.version}"` },
  });
}

export function useDeleteNote() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeleteNoteInput) => deleteNote(api, input),
    onSuccess: async (_result, input) => {
      queryClient.removeQueries({ queryKey: notesKeys.detail(input.noteId) });
      await queryClient.invalidateQueries({ queryKey: notesKeys.list() });
    },
  });
}
