/**
 * Files on a note. The record (`Attachment`) lives with its note; the bytes live in object
 * storage under a key the server makes from the owner, the note and the attachment id, never
 * from anything the client sends. An upload lands under `pending/`, and confirming it copies it
 * to `files/`: a lifecycle rule on `pending/` is then a backstop that can never remove a
 * confirmed file. A `pending` record stops counting once its upload request has expired (plus a
 * grace period) and is dropped on the note's next attachment write.
 */
import { type FieldIssue, ValidationError } from './errors.js';

export type AttachmentState = 'pending' | 'ready';

export interface Attachment {
  /** Server-made, sorts by creation time (a ULID). */
  readonly attachmentId: string;
  /** The file name the person gave; only ever sent back in JSON and in `Content-Disposition`. */
  readonly name: string;
  readonly contentType: string;
  /** Bytes, exactly as promised when the upload was asked for. */
  readonly size: number;
  readonly state: AttachmentState;
  /** ISO 8601, UTC, millisecond precision. */
  readonly createdAt: string;
  /** While `pending`: when its upload request stops being valid (ISO 8601, UTC). */
  readonly uploadExpiresAt?: string;
}

/** The rules and limits of attachments: settings of each deployment. */
export interface AttachmentSettings {
  /** The largest file, in bytes. */
  readonly maxBytes: number;
  /** Attachments one note may carry, pending ones included. */
  readonly maxPerNote: number;
  /** Bytes one user may keep across all their notes, live pending uploads included. */
  readonly quotaBytes: number;
  /** The content types a file may have; none that a browser renders as a page or runs. */
  readonly contentTypes: readonly string[];
  /** How long an upload request stays valid. */
  readonly uploadExpiresSeconds: number;
  /** How long a download link stays valid. */
  readonly downloadExpiresSeconds: number;
  /** How long after its upload request expired a pending record still counts (an upload in flight). */
  readonly pendingGraceSeconds: number;
}

export const ATTACHMENT_NAME_MAX_CHARACTERS = 255;

/**
 * Types a browser would render as a document or run as script if one were ever served inline
 * from a trusted origin: never allowed, whatever the settings say.
 */
export const NEVER_ALLOWED_CONTENT_TYPES: readonly string[] = Object.freeze([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'application/javascript',
  'text/javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/xml',
  'text/xml',
  'application/x-shockwave-flash',
  'text/xsl',
  'application/pdf+html',
  'multipart/x-mixed-replace',
]);

export const DEFAULT_ATTACHMENT_CONTENT_TYPES: readonly string[] = Object.freeze([
  'application/pdf',
  'application/zip',
  'application/octet-stream',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
]);

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPerNote: 10,
  quotaBytes: 100 * 1024 * 1024,
  contentTypes: DEFAULT_ATTACHMENT_CONTENT_TYPES,
  uploadExpiresSeconds: 300,
  downloadExpiresSeconds: 60,
  pendingGraceSeconds: 60,
});

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * Checks a list of allowed content types (a setting): each a bare `type/subtype` in lower case,
 * none of the {@link NEVER_ALLOWED_CONTENT_TYPES}. Returns the problems, if any.
 */
export function contentTypeListIssues(types: readonly string[]): string[] {
  const issues: string[] = [];
  if (types.length === 0) issues.push('must name at least one content type');
  for (const type of types) {
    if (!CONTENT_TYPE.test(type)) issues.push(`${JSON.stringify(type)} is not a bare type/subtype in lower case`);
    else if (NEVER_ALLOWED_CONTENT_TYPES.includes(type) || type.endsWith('+xml') || type.includes('html')) {
      issues.push(`${type} may render as a page or run as script in a browser and is never allowed`);
    }
  }
  return issues;
}

/** C0 and C1 controls, DEL, and the bidirectional marks and overrides that disguise a name (`invoice\u202Efdp.exe`). */
const FORBIDDEN_NAME_CHARACTERS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function nameIssue(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.isWellFormed()) return 'must be valid Unicode text';
  const length = [...value].length;
  if (length < 1) return 'must not be empty';
  if (length > ATTACHMENT_NAME_MAX_CHARACTERS) return `must be at most ${ATTACHMENT_NAME_MAX_CHARACTERS} characters`;
  if (FORBIDDEN_NAME_CHARACTERS.test(value)) return 'must not contain control characters or bidirectional marks';
  if (value.includes('/') || value.includes('\\')) return 'must be a file name, without / or \\';
  if (value === '.' || value === '..') return 'must be a file name, not . or ..';
  if (value.trim() !== value) return 'must not start or end with white space';
  return undefined;
}

export interface AttachmentRequest {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

const REQUEST_FIELDS = new Set(['name', 'contentType', 'size']);

/**
 * Checks an untrusted body asking for an upload: `{ name, contentType, size }`, every problem
 * at once; unknown fields (a `key`, an owner) are errors.
 *
 * @example
 * parseAttachmentRequest({ name: 'a.pdf', contentType: 'application/pdf', size: 1024 }, DEFAULT_ATTACHMENT_SETTINGS)
 */
export function parseAttachmentRequest(input: unknown, settings: AttachmentSettings): AttachmentRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError([{ field: '', message: 'must be a JSON object with name, contentType and size' }]);
  }
  const record = input as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(record)) {
    if (!REQUEST_FIELDS.has(key)) issues.push({ field: key, message: 'is not allowed' });
  }
  const name = nameIssue(record.name);
  if (name) issues.push({ field: 'name', message: name });
  const { contentType, size } = record;
  if (typeof contentType !== 'string') issues.push({ field: 'contentType', message: 'must be a string' });
  else if (!settings.contentTypes.includes(contentType)) {
    issues.push({ field: 'contentType', message: `must be one of: ${settings.contentTypes.join(', ')}` });
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    issues.push({ field: 'size', message: 'must be a whole number of bytes, at least 1' });
  } else if (size > settings.maxBytes) {
    issues.push({ field: 'size', message: `must be at most ${settings.maxBytes} bytes` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { name: record.name as string, contentType: contentType as string, size: size as number };
}

/** Whether an attachment still counts at `now`: ready, or pending within its upload's expiry plus the grace. */
export function isLive(attachment: Attachment, now: Date, settings: AttachmentSettings): boolean {
  if (attachment.state === 'ready') return true;
  const expires = Date.parse(attachment.uploadExpiresAt ?? '');
  return Number.isFinite(expires) && now.getTime() <= expires + settings.pendingGraceSeconds * 1000;
}

/** The owner's part of every key: `sub`s and client ids are URL-safe, but nothing is assumed. */
function prefixOf(ownerId: string, noteId: string): string {
  return `${encodeURIComponent(ownerId)}/${encodeURIComponent(noteId)}/`;
}

/** Where uploads of a note's attachments land, and where confirmed files are kept. */
export const OBJECT_PREFIXES = Object.freeze({ pending: 'pending/', files: 'files/' });

/** Every key under which a note's objects may be. */
export function noteObjectPrefixes(ownerId: string, noteId: string): string[] {
  return [
    `${OBJECT_PREFIXES.pending}${prefixOf(ownerId, noteId)}`,
    `${OBJECT_PREFIXES.files}${prefixOf(ownerId, noteId)}`,
  ];
}

export function pendingKeyOf(ownerId: string, noteId: string, attachmentId: string): string {
  return `${OBJECT_PREFIXES.pending}${prefixOf(ownerId, noteId)}${attachmentId}`;
}

export function fileKeyOf(ownerId: string, noteId: string, attachmentId: string): string {
  return `${OBJECT_PREFIXES.files}${prefixOf(ownerId, noteId)}${attachmentId}`;
}

/**
 * The file name as printable ASCII, for the plain `filename=` of a `Content-Disposition` that
 * old clients read (the full name goes in `filename*`, RFC 5987): anything else, and the quote
 * and backslash, become `_`.
 */
export function asciiFileName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
}
