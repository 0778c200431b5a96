import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { notesKeys } from '../../notes/api/types.js';
import { attachmentsPath } from './types.js';

export interface DeleteAttachmentInput {
  readonly noteId: string;
  readonly attachmentId: string;
}

/** Deletes a file, pending or ready: its object first, then its record. */
export async function deleteAttachment(api: ApiClient, input: DeleteAttachmentInput): Promise<void> {
  await api.request<undefined>('DELETE', attachmentsPath(input.noteId, input.attachmentId));
}

export function useDeleteAttachment() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeleteAttachmentInput) => deleteAttachment(api, input),
    onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: notesKeys.detail(input.noteId) }),
  });
}
