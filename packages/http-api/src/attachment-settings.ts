/**
 * The attachment settings from environment-style variables, read the same way by every app (the
 * API server, the notes Lambda, the local stack), each with the domain's default and a message
 * that names the variable when it is wrong.
 */
import { type AttachmentSettings, contentTypeListIssues, DEFAULT_ATTACHMENT_SETTINGS } from '@secure-notes/domain';

/** Each setting's variable. */
export const ATTACHMENT_ENV: Readonly<Record<keyof AttachmentSettings, string>> = {
  maxBytes: 'ATTACHMENT_MAX_BYTES',
  maxPerNote: 'ATTACHMENTS_PER_NOTE',
  quotaBytes: 'ATTACHMENT_QUOTA_BYTES',
  contentTypes: 'ATTACHMENT_CONTENT_TYPES',
  uploadExpiresSeconds: 'ATTACHMENT_UPLOAD_EXPIRES_SECONDS',
  downloadExpiresSeconds: 'ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS',
  pendingGraceSeconds: 'ATTACHMENT_PENDING_GRACE_SECONDS',
};

/** What each variable is for, for configuration errors and the README. */
export const ATTACHMENT_ENV_HELP: Readonly<Record<string, string>> = {
  ATTACHMENTS_BUCKET: 'the S3 bucket of attachments; attachment requests answer 503 without it',
  AWS_ENDPOINT_URL_S3: 'an S3-compatible endpoint such as the local S3, http://localhost:4569 (omit for AWS)',
  ATTACHMENT_MAX_BYTES: `the largest file in bytes (default ${DEFAULT_ATTACHMENT_SETTINGS.maxBytes})`,
  ATTACHMENTS_PER_NOTE: `attachments one note may carry (default ${DEFAULT_ATTACHMENT_SETTINGS.maxPerNote})`,
  ATTACHMENT_QUOTA_BYTES: `bytes of files one user may keep (default ${DEFAULT_ATTACHMENT_SETTINGS.quotaBytes})`,
  ATTACHMENT_CONTENT_TYPES: 'the allowed content types, comma-separated (never text/html, SVG, JavaScript or XML)',
  ATTACHMENT_UPLOAD_EXPIRES_SECONDS: `how long an upload request is valid (default ${DEFAULT_ATTACHMENT_SETTINGS.uploadExpiresSeconds})`,
  ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS: `how long a download link is valid (default ${DEFAULT_ATTACHMENT_SETTINGS.downloadExpiresSeconds})`,
  ATTACHMENT_PENDING_GRACE_SECONDS: `how long an expired upload request's record still counts (default ${DEFAULT_ATTACHMENT_SETTINGS.pendingGraceSeconds})`,
};

const LIMITS: Readonly<Record<Exclude<keyof AttachmentSettings, 'contentTypes'>, readonly [number, number]>> = {
  maxBytes: [1, 5 * 1024 ** 3],
  maxPerNote: [1, 1000],
  quotaBytes: [1, Number.MAX_SAFE_INTEGER],
  uploadExpiresSeconds: [1, 7 * 24 * 3600],
  downloadExpiresSeconds: [1, 7 * 24 * 3600],
  pendingGraceSeconds: [0, 7 * 24 * 3600],
};

/**
 * Throws one error that lists every wrong variable.
 *
 * @example
 * attachmentSettingsFromEnv({ ATTACHMENT_MAX_BYTES: '1048576' }).maxBytes // 1048576
 */
export function attachmentSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): AttachmentSettings {
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_ATTACHMENT_SETTINGS };
  for (const [setting, [min, max]] of Object.entries(LIMITS)) {
    const name = ATTACHMENT_ENV[setting as keyof AttachmentSettings];
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    } else settings[setting] = value;
  }
  const types = env[ATTACHMENT_ENV.contentTypes]?.trim();
  if (types !== undefined && types !== '') {
    const list = types
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type.length > 0);
    const issues = contentTypeListIssues(list);
    if (issues.length > 0) problems.push(`${ATTACHMENT_ENV.contentTypes}: ${issues.join('; ')}`);
    else settings.contentTypes = list;
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return settings as unknown as AttachmentSettings;
}

/**
 * The variables that give these settings: the inverse of `attachmentSettingsFromEnv`, for a
 * process or function that is configured through its environment.
 */
export function attachmentSettingsToEnv(settings: AttachmentSettings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ATTACHMENT_ENV).map(([setting, name]) => {
      const value = settings[setting as keyof AttachmentSettings];
      return [name, Array.isArray(value) ? value.join(',') : String(value)];
    }),
  );
}
