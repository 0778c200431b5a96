/** Files on a note, as the API answers them (see "Attachments" in the API reference). */

export interface Attachment {
  readonly attachmentId: string;
  /** The file name the person gave. */
  readonly name: string;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  /** `pending` until the upload is confirmed. */
  readonly state: 'pending' | 'ready';
  readonly createdAt: string;
  readonly uploadExpiresAt?: string;
}

/** A presigned POST: the fields, then the file as the field `file`, as multipart/form-data to `url`. */
export interface PresignedUpload {
  readonly method: 'POST';
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface RequestedUpload {
  readonly attachment: Attachment;
  readonly upload: PresignedUpload;
}

export interface AttachmentDownload {
  readonly attachment: Attachment;
  readonly download: { readonly url: string; readonly expiresAt: string };
}

/** `/notes/{noteId}/attachments[/{attachmentId}]`, each part encoded. */
export function attachmentsPath(noteId: string, attachmentId?: string): string {
  const base = `/notes/${encodeURIComponent(noteId)}/attachments`;
  return attachmentId === undefined ? base : `${base}/${encodeURIComponent(attachmentId)}`;
}
