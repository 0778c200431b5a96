/**
 * The attachment settings, as a schema that `readEnv` (service-kit) applies, read alike by every
 * runtime that serves the contract (the Express server, the notes function, the local stack),
 * each with the domain's default and a problem that names the variable when it is wrong.
 */
import { type AttachmentSettings, contentTypeListIssues, DEFAULT_ATTACHMENT_SETTINGS } from '@secure-notes/domain';
import { documented, type Env, list, Problem, readEnv, wholeNumber } from '@secure-notes/service-kit/config';
import * as v from 'valibot';

const D = DEFAULT_ATTACHMENT_SETTINGS;
const WEEK = 7 * 24 * 3600;

function contentType(value: string): string | Problem {
  const issues = contentTypeListIssues([value]);
  return issues.length === 0 ? value : new Problem(`must list allowed content types: ${issues.join('; ')}`);
}

const seconds = (min: number, fallback: number, description: string) =>
  documented(v.optional(wholeNumber(min, WEEK, 'seconds'), String(fallback)), description);

/**
 * @example
 * const { attachments } = readEnv({ attachments: ATTACHMENTS_ENV }, { ATTACHMENT_MAX_BYTES: '1048576' });
 */
export const ATTACHMENTS_ENV = v.object({
  ATTACHMENT_MAX_BYTES: documented(
    v.optional(wholeNumber(1, 5 * 1024 ** 3, 'bytes'), String(D.maxBytes)),
    `the largest file (${D.maxBytes} bytes by default)`,
  ),
  ATTACHMENTS_PER_NOTE: documented(
    v.optional(wholeNumber(1, 1000), String(D.maxPerNote)),
    `attachments one note may carry, pending ones included (${D.maxPerNote} by default)`,
  ),
  ATTACHMENT_QUOTA_BYTES: documented(
    v.optional(wholeNumber(1, Number.MAX_SAFE_INTEGER, 'bytes'), String(D.quotaBytes)),
    `bytes of files one user may keep across notes (${D.quotaBytes} by default)`,
  ),
  ATTACHMENT_CONTENT_TYPES: documented(
    v.optional(list(contentType, 1, 'content types'), D.contentTypes.join(',')),
    'the allowed content types, comma-separated (text/html, SVG, JavaScript and XML are never allowed)',
  ),
  ATTACHMENT_UPLOAD_EXPIRES_SECONDS: seconds(
    1,
    D.uploadExpiresSeconds,
    `how long an upload request is valid (${D.uploadExpiresSeconds} s by default)`,
  ),
  ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS: seconds(
    1,
    D.downloadExpiresSeconds,
    `how long a download link is valid (${D.downloadExpiresSeconds} s by default)`,
  ),
  ATTACHMENT_PENDING_GRACE_SECONDS: seconds(
    0,
    D.pendingGraceSeconds,
    `how long an expired upload request's record still counts (${D.pendingGraceSeconds} s by default)`,
  ),
});

/** The settings from the values `readEnv` read with `ATTACHMENTS_ENV`. */
export function attachmentSettings(values: v.InferOutput<typeof ATTACHMENTS_ENV>): AttachmentSettings {
  return {
    maxBytes: values.ATTACHMENT_MAX_BYTES,
    maxPerNote: values.ATTACHMENTS_PER_NOTE,
    quotaBytes: values.ATTACHMENT_QUOTA_BYTES,
    contentTypes: values.ATTACHMENT_CONTENT_TYPES,
    uploadExpiresSeconds: values.ATTACHMENT_UPLOAD_EXPIRES_SECONDS,
    downloadExpiresSeconds: values.ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS,
    pendingGraceSeconds: values.ATTACHMENT_PENDING_GRACE_SECONDS,
  };
}

/** Reads the settings alone; throws a `ConfigError` naming each wrong variable. */
export function attachmentSettingsFromEnv(env: Env): AttachmentSettings {
  return attachmentSettings(readEnv({ attachments: ATTACHMENTS_ENV }, env).attachments);
}

/**
 * The variables that give these settings: the inverse of `attachmentSettingsFromEnv`, for a
 * process or function configured through its environment.
 */
export function attachmentSettingsToEnv(settings: AttachmentSettings): Record<string, string> {
  return {
    ATTACHMENT_MAX_BYTES: String(settings.maxBytes),
    ATTACHMENTS_PER_NOTE: String(settings.maxPerNote),
    ATTACHMENT_QUOTA_BYTES: String(settings.quotaBytes),
    ATTACHMENT_CONTENT_TYPES: settings.contentTypes.join(','),
    ATTACHMENT_UPLOAD_EXPIRES_SECONDS: String(settings.uploadExpiresSeconds),
    ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS: String(settings.downloadExpiresSeconds),
    ATTACHMENT_PENDING_GRACE_SECONDS: String(settings.pendingGraceSeconds),
  };
}
