/**
 * What went wrong with a file, in words: the API's refusals of an upload (type, size, count,
 * quota, a confirmation of a file that did not arrive) and the storage's refusals of the upload
 * itself. Anything else is said as for notes.
 */
import { ApiError, describeError } from '../../lib/api-error.js';
import { StorageError } from '../../lib/form-upload.js';
import { formatSize } from './format.js';

interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

function issuesOf(body: unknown): FieldIssue[] {
  if (typeof body !== 'object' || body === null || !('details' in body) || !Array.isArray(body.details)) return [];
  return body.details.filter(
    (detail: unknown): detail is FieldIssue =>
      typeof detail === 'object' &&
      detail !== null &&
      'field' in detail &&
      'message' in detail &&
      typeof detail.field === 'string' &&
      typeof detail.message === 'string',
  );
}

function errorText(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : undefined;
}

function describeIssue({ field, message }: FieldIssue): string {
  if (field === 'contentType') {
    const allowed = message.replace(/^must be one of:\s*/, '');
    return `Files of this type cannot be attached. These types can: ${allowed}.`;
  }
  if (field === 'size') {
    const limit = /at most (\d+) bytes/.exec(message)?.[1];
    if (limit !== undefined) return `The file is too large: a file may be at most ${formatSize(Number(limit))}.`;
    return 'An empty file cannot be attached.';
  }
  if (field === 'name') return `The file's name cannot be used (it ${message}). Rename the file and attach it again.`;
  return `The file could not be accepted (${field} ${message}).`;
}

function describeStorageError(error: StorageError): string {
  if (error.status === 0) {
    return 'The file could not be sent to the file storage. Check your connection and attach it again.';
  }
  switch (error.code) {
    case 'EntityTooLarge':
    case 'EntityTooSmall':
      return 'The file storage refused the file: it changed size after it was chosen. Attach it again.';
    case 'AccessDenied':
      return /expired/i.test(error.detail ?? '')
        ? 'The upload link expired before the file arrived. Attach the file again to get a new link.'
        : 'The file storage refused the upload. Attach the file again to get a new upload link.';
    default:
      return `The file storage refused the upload (${error.code ?? error.status}). Attach the file again; if it keeps failing, try later.`;
  }
}

/** A sentence for a person: what happened to their file and what to do next. */
export function describeAttachmentError(error: unknown): string {
  if (error instanceof StorageError) return describeStorageError(error);
  if (!(error instanceof ApiError)) return describeError(error);
  const text = errorText(error.body);
  if (error.status === 400) {
    const issues = issuesOf(error.body);
    if (issues.length > 0) return issues.map(describeIssue).join(' ');
  }
  if (error.status === 404 && text === 'Attachment not found') {
    return 'This file is no longer on the note: it was removed, or its upload never finished.';
  }
  if (error.status === 409) {
    switch (text) {
      case 'Too many attachments':
        return 'This note has as many files as it may carry. Remove one before attaching another.';
      case 'Attachment quota exceeded':
        return 'Your files would take more space than you have. Remove some files first.';
      case 'Upload not found':
        return 'The file did not reach the file storage. Attach it again.';
      case 'Upload does not match the request':
        return 'The file that arrived is not the one that was announced (its size or type differs). Attach it again.';
      case 'Attachment not uploaded yet':
        return 'This file has not finished uploading, so it cannot be downloaded yet.';
    }
  }
  return describeError(error);
}
