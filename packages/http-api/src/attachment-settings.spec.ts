import { DEFAULT_ATTACHMENT_SETTINGS } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { attachmentSettingsFromEnv, attachmentSettingsToEnv } from './attachment-settings.js';

describe('attachmentSettingsFromEnv', () => {
  it('gives the defaults when nothing is set, and reads each variable', () => {
    expect(attachmentSettingsFromEnv({})).toEqual(DEFAULT_ATTACHMENT_SETTINGS);
    expect(
      attachmentSettingsFromEnv({
        ATTACHMENT_MAX_BYTES: '2048',
        ATTACHMENTS_PER_NOTE: '3',
        ATTACHMENT_QUOTA_BYTES: '4096',
        ATTACHMENT_CONTENT_TYPES: 'text/plain, image/png',
        ATTACHMENT_UPLOAD_EXPIRES_SECONDS: '2',
        ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS: '2',
        ATTACHMENT_PENDING_GRACE_SECONDS: '0',
      }),
    ).toEqual({
      maxBytes: 2048,
      maxPerNote: 3,
      quotaBytes: 4096,
      contentTypes: ['text/plain', 'image/png'],
      uploadExpiresSeconds: 2,
      downloadExpiresSeconds: 2,
      pendingGraceSeconds: 0,
    });
  });

  it('reads back what it writes', () => {
    const settings = { ...DEFAULT_ATTACHMENT_SETTINGS, maxBytes: 5, contentTypes: ['text/plain', 'image/png'] };

    expect(attachmentSettingsFromEnv(attachmentSettingsToEnv(settings))).toEqual(settings);
  });

  it('refuses a type that renders as a page, and a number that is not one, naming each variable', () => {
    const read = () =>
      attachmentSettingsFromEnv({ ATTACHMENT_CONTENT_TYPES: 'text/plain,text/html', ATTACHMENT_MAX_BYTES: '10MB' });

    expect(read).toThrow(/ATTACHMENT_MAX_BYTES.*must be a whole number/);
    expect(read).toThrow(/ATTACHMENT_CONTENT_TYPES.*text\/html may render as a page/);
  });
});
