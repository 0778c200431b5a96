/**
 * The note and the rules on its fields. Limits are exported so that every adapter (HTTP body
 * limits, OpenAPI document, storage) states the same numbers as the domain enforces.
 */
import type { Attachment } from './attachment.js';
import { type FieldIssue, ValidationError } from './errors.js';

export interface Note {
  /** The owner: the `sub` of the token that created it. The DynamoDB partition key. */
  readonly userId: string;
  /** Server-made, sorts by creation time (a ULID); notes written by the tutorial's Lambda hold a UUID. */
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  /** ISO 8601, UTC, millisecond precision. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Starts at 1 and grows by one with every change of the title or the content (not of its attachments). */
  readonly version: number;
  /** Its files, oldest first; at most the deployment's `maxPerNote`. */
  readonly attachments: readonly Attachment[];
}

export const TITLE_MAX_CHARACTERS = 256;
export const CONTENT_MAX_BYTES = 256 * 1024;
export const DEFAULT_TITLE = 'Untitled';

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the server's own note ids (ULID) and the UUIDs that the tutorial's Lambda made. */
export function isNoteId(value: string): boolean {
  return ULID.test(value) || UUID.test(value);
}

const encoder = new TextEncoder();

export function utf8ByteLength(value: string): number {
  return encoder.encode(value).byteLength;
}

function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** A string JSON can carry but UTF-8 (and so DynamoDB) cannot: an unpaired surrogate such as `"\ud800"`. */
const NOT_UNICODE =
  'must be valid Unicode text: it holds an unpaired surrogate (\\uD800-\\uDFFF), which UTF-8 cannot store';

function titleIssue(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.isWellFormed()) return NOT_UNICODE;
  const length = characterCount(value);
  if (length < 1) return 'must not be empty';
  if (length > TITLE_MAX_CHARACTERS) return `must be at most ${TITLE_MAX_CHARACTERS} characters`;
  return undefined;
}

function contentIssue(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.isWellFormed()) return NOT_UNICODE;
  if (utf8ByteLength(value) > CONTENT_MAX_BYTES) return `must be at most ${CONTENT_MAX_BYTES} bytes of UTF-8`;
  return undefined;
}

export interface NoteFields {
  readonly title?: string;
  readonly content?: string;
}

const EDITABLE_FIELDS = new Set(['title', 'content']);

/**
 * Checks an untrusted value (a parsed request body) as the fields of a note. Every problem is
 * reported at once; unknown fields (`userId`, `noteId`, `version`, …) are errors, so that no
 * input can name an owner or a version.
 *
 * @example
 * parseNoteFields({ title: 'Groceries' }, { requireOne: false }) // { title: 'Groceries' }
 */
export function parseNoteFields(input: unknown, options: { requireOne: boolean }): NoteFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError([{ field: '', message: 'must be a JSON object' }]);
  }
  const issues: FieldIssue[] = [];
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!EDITABLE_FIELDS.has(key)) issues.push({ field: key, message: 'is not allowed' });
  }
  const fields: { title?: string; content?: string } = {};
  if (record.title !== undefined) {
    const issue = titleIssue(record.title);
    if (issue) issues.push({ field: 'title', message: issue });
    else fields.title = record.title as string;
  }
  if (record.content !== undefined) {
    const issue = contentIssue(record.content);
    if (issue) issues.push({ field: 'content', message: issue });
    else fields.content = record.content as string;
  }
  if (options.requireOne && issues.length === 0 && fields.title === undefined && fields.content === undefined) {
    issues.push({ field: '', message: 'must contain at least one of: title, content' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return fields;
}

const NAIVE_ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;
const OWN_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Normalises a stored timestamp to ISO 8601 UTC with milliseconds. The tutorial's Python Lambda
 * wrote `datetime.utcnow().isoformat()`: UTC, but with no zone and microseconds.
 */
export function toUtcIso(value: string): string {
  // This API's own form, on every note it wrote: kept as it is, without parsing a date.
  if (OWN_ISO.test(value)) return value;
  const naive = NAIVE_ISO.exec(value);
  if (naive) {
    const millis = (naive[2] ?? '').padEnd(3, '0').slice(0, 3);
    return `${naive[1]}.${millis}Z`;
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}
