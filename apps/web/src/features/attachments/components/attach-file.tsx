/**
 * "Attach a file": a labelled file input (keyboard: Tab to it, Enter or Space opens the picker);
 * choosing a file starts the upload. While it goes, a <progress> with the percentage in text, and
 * a live region that says how far it is in steps of ten, so a screen reader is told without
 * being flooded.
 */
import { useEffect, useId, useRef } from 'react';
import type { UploadProgress } from '../../../lib/form-upload.js';
import { useAttachFile } from '../api/attach-file.js';
import { describeAttachmentError } from '../attachment-errors.js';

function percent(progress: UploadProgress): number {
  return progress.total === 0 ? 100 : Math.min(100, Math.floor((progress.loaded / progress.total) * 100));
}

export function AttachFile({ noteId }: { noteId: string }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const attach = useAttachFile();
  // The input is disabled while a file uploads, which takes the focus away: it comes back after.
  const hadFocus = useRef(false);
  useEffect(() => {
    if (!attach.isPending && hadFocus.current) {
      hadFocus.current = false;
      input.current?.focus();
    }
  }, [attach.isPending]);
  const name = attach.variables?.file.name ?? 'the file';
  const done = attach.progress === undefined ? undefined : percent(attach.progress);

  return (
    <div className="attach">
      <label htmlFor={inputId}>Attach a file</label>
      <input
        id={inputId}
        ref={input}
        type="file"
        disabled={attach.isPending}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file === undefined) return;
          hadFocus.current = document.activeElement === event.currentTarget;
          attach.mutate(
            { noteId, file },
            {
              // Cleared, so the same file can be chosen again after a failure.
              onSettled: () => {
                if (input.current) input.current.value = '';
              },
            },
          );
        }}
      />
      {attach.isPending && done !== undefined && (
        <div className="upload-progress">
          <progress max={100} value={done} aria-label={`Uploading ${name}`} />
          <span aria-hidden="true">{done}%</span>
        </div>
      )}
      <p className="status" role="status">
        {attach.isPending && done !== undefined && `Uploading ${name}: ${Math.floor(done / 10) * 10}%`}
        {attach.isSuccess && `“${attach.data.name}” is attached.`}
      </p>
      {attach.isError && (
        <div className="notice notice-error" role="alert">
          <p>{describeAttachmentError(attach.error)}</p>
        </div>
      )}
    </div>
  );
}
