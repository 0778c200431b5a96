import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type Note, type NoteInput, notesKeys } from './types.js';

export interface CreateNoteInput extends NoteInput {
  /** One key per draft: a double click, or a retry after a lost answer, makes one note. */
  readonly idempotencyKey: string;
}

export async function createNote(api: ApiClient, input: CreateNoteInput): Promise<Note> {
  const { body } = await api.request<Note>('POST', '/notes', {
    body: { title: input.title, content: input.content },
    headers: { 'Idempotency-Key': input.idempotencyKey },
  });
  return body;
}

export function useCreateNote() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateNoteInput) => createNote(api, input),
    onSuccess: async (note) => {
      queryClient.setQueryData(notesKeys.detail(note.noteId), note);
      await queryClient.invalidateQueries({ queryKey: notesKeys.list() });
    },
  });
}
