/**
 * Attaching a file is three calls: ask the API for an upload, post the file straight to the
 * bucket with the presigned POST (with progress), then confirm. The pending attachment shows in
 * the list as soon as it exists. When the upload or the confirmation fails, the pending record
 * is deleted again (best effort), so that a failed attempt neither stays listed nor counts toward
 * the note's files and the quota until its upload request expires; the person can then simply
 * attach the file again. Not retried by itself: a second attempt would be a second upload.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../lib/api-context.js';
import { postForm, type UploadProgress } from '../../../lib/form-upload.js';
import { notesKeys } from '../../notes/api/types.js';
import { confirmUpload } from './confirm-upload.js';
import { deleteAttachment } from './delete-attachment.js';
import { requestUpload } from './request-upload.js';
import type { Attachment } from './types.js';

export interface AttachFileInput {
  readonly noteId: string;
  readonly file: File;
}

export function useAttachFile() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | undefined>();
  const refreshNote = (noteId: string) => queryClient.invalidateQueries({ queryKey: notesKeys.detail(noteId) });

  const mutation = useMutation({
    retry: false,
    mutationFn: async ({ noteId, file }: AttachFileInput): Promise<Attachment> => {
      setProgress({ loaded: 0, total: file.size });
      const { attachment, upload } = await requestUpload(api, noteId, file);
      void refreshNote(noteId);
      try {
        await postForm({ url: upload.url, fields: upload.fields, file, onProgress: setProgress });
        return await confirmUpload(api, noteId, attachment.attachmentId);
      } catch (error) {
        await deleteAttachment(api, { noteId, attachmentId: attachment.attachmentId }).catch(() => undefined);
        throw error;
      }
    },
    onSettled: async (_result, _error, { noteId }) => {
      setProgress(undefined);
      await refreshNote(noteId);
    },
  });
  return { ...mutation, progress };
}
