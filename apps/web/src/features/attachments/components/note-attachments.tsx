/** A note's files: each with its name, size, type and state, to download or remove; and "Attach a file". */
import { useEffect, useId, useRef, useState } from 'react';
import { useDeleteAttachment } from '../api/delete-attachment.js';
import { useDownloadAttachment } from '../api/get-download-link.js';
import type { Attachment } from '../api/types.js';
import { describeAttachmentError } from '../attachment-errors.js';
import { formatSize } from '../format.js';
import { AttachFile } from './attach-file.js';

export interface NoteAttachmentsProps {
  readonly noteId: string;
  readonly attachments: readonly Attachment[];
  /** Where a download link is opened; the browser's own navigation by default. */
  readonly navigate?: (url: string) => void;
}

export function NoteAttachments({ noteId, attachments, navigate }: NoteAttachmentsProps) {
  const headingId = useId();
  return (
    <section className="attachments" aria-labelledby={headingId}>
      <h2 id={headingId}>Files</h2>
      {attachments.length === 0 ? (
        <p className="empty">No files on this note yet.</p>
      ) : (
        <ul className="attachment-list" aria-label="Files on this note">
          {attachments.map((attachment) => (
            <AttachmentItem key={attachment.attachmentId} noteId={noteId} attachment={attachment} navigate={navigate} />
          ))}
        </ul>
      )}
      <AttachFile noteId={noteId} />
    </section>
  );
}

function AttachmentItem({
  noteId,
  attachment,
  navigate,
}: {
  noteId: string;
  attachment: Attachment;
  navigate: ((url: string) => void) | undefined;
}) {
  const download = useDownloadAttachment(navigate);
  const remove = useDeleteAttachment();
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  const ids = { noteId, attachmentId: attachment.attachmentId };
  const error = remove.error ?? download.error;

  return (
    <li className="attachment">
      <div className="attachment-info">
        <span className="attachment-name">{attachment.name}</span>
        <span className="attachment-meta">
          {formatSize(attachment.size)} · {attachment.contentType} ·{' '}
          <span className={`badge badge-${attachment.state}`}>
            {attachment.state === 'ready' ? 'ready' : 'pending'}
          </span>
        </span>
      </div>
      {!confirming && (
        <div className="actions">
          {attachment.state === 'ready' && (
            <button
              type="button"
              className="secondary"
              aria-label={`Download ${attachment.name}`}
              disabled={download.isPending}
              onClick={() => download.mutate(ids)}
            >
              {download.isPending ? 'Getting the link…' : 'Download'}
            </button>
          )}
          <button
            type="button"
            className="danger"
            aria-label={`Remove ${attachment.name}`}
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            Remove
          </button>
        </div>
      )}
      {confirming && (
        <fieldset className="confirm">
          <legend>Remove “{attachment.name}”? The file is deleted for good.</legend>
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate(ids, { onSuccess: () => setConfirming(false) })}
            >
              {remove.isPending ? 'Removing…' : 'Remove file'}
            </button>
            <button type="button" className="secondary" ref={cancel} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {error !== null && (
        <div className="notice notice-error" role="alert">
          <p>{describeAttachmentError(error)}</p>
        </div>
      )}
    </li>
  );
}
