import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type Note, type NoteInput, notesKeys } from './types.js';

export interface UpdateNoteInput extends NoteInput {
  readonly noteId: string;
  /** The version the person edited; a newer one on the server makes this a 412. */
  readonly version: number | undefined;
}

export async function updateNote(api: ApiClient, input: UpdateNoteInput): Promise<Note> {
  const { body } = await api.request<Note>('PATCH', `/notes/${encodeURIComponent(input.noteId)}`, {
    body: { title: input.title, content: input.content },
    headers: input.version === undefined ? {} : { 'If-Match': `"${input.version}"` },
  });
  return body;
}

export function useUpdateNote() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateNoteInput) => updateNote(api, input),
    onSuccess: async (note) => {
      queryClient.setQueryData(notesKeys.detail(note.noteId), note);
      await queryClient.invalidateQueries({ queryKey: notesKeys.list() });
    },
  });
}
