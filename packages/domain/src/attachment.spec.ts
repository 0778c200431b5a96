import { describe, expect, it } from 'vitest';
import {
  type Attachment,
  asciiFileName,
  contentTypeListIssues,
  DEFAULT_ATTACHMENT_SETTINGS,
  fileKeyOf,
  isLive,
  parseAttachmentRequest,
  pendingKeyOf,
} from './attachment.js';
import { ValidationError } from './errors.js';

const settings = DEFAULT_ATTACHMENT_SETTINGS;

function fieldsOf(input: unknown): string[] {
  try {
    parseAttachmentRequest(input, settings);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((d) => d.field);
    throw error;
  }
  return [];
}

describe('parseAttachmentRequest', () => {
  it('takes a name, an allowed type and a size within the limit', () => {
    expect(parseAttachmentRequest({ name: 'Résumé.pdf', contentType: 'application/pdf', size: 10 }, settings)).toEqual({
      name: 'Résumé.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
  });

  it.each([
    ['../../etc/passwd'],
    ['a/b.txt'],
    ['a\\b.txt'],
    ['..'],
    ['line\nbreak.txt'],
    ['nul\u0000.txt'],
    ['invoice\u202Efdp.exe'],
    ['isolate\u2067.txt'],
    [' padded.txt'],
    ['x'.repeat(256)],
    [''],
  ])('refuses the file name %j', (name) => {
    expect(fieldsOf({ name, contentType: 'text/plain', size: 1 })).toEqual(['name']);
  });

  it.each([
    ['text/html'],
    ['image/svg+xml'],
    ['application/javascript'],
    ['text/plain; charset=utf-8'],
    ['TEXT/PLAIN'],
  ])('refuses the content type %j', (contentType) => {
    expect(fieldsOf({ name: 'a', contentType, size: 1 })).toEqual(['contentType']);
  });

  it('refuses a size over the limit, zero, or not a whole number, and any other field', () => {
    expect(fieldsOf({ name: 'a', contentType: 'text/plain', size: settings.maxBytes + 1 })).toEqual(['size']);
    expect(fieldsOf({ name: 'a', contentType: 'text/plain', size: 0 })).toEqual(['size']);
    expect(fieldsOf({ name: 'a', contentType: 'text/plain', size: 1.5 })).toEqual(['size']);
    expect(fieldsOf({ name: 'a', contentType: 'text/plain', size: 1, key: 'files/x' })).toEqual(['key']);
  });
});

describe('contentTypeListIssues', () => {
  it('accepts the defaults and refuses what a browser renders or runs', () => {
    expect(contentTypeListIssues(settings.contentTypes)).toEqual([]);
    expect(contentTypeListIssues(['text/html', 'image/svg+xml', 'application/atom+xml', 'Text/Plain'])).toHaveLength(4);
  });
});

describe('isLive', () => {
  const pending: Attachment = {
    attachmentId: 'a',
    name: 'a',
    contentType: 'text/plain',
    size: 1,
    state: 'pending',
    createdAt: '2026-01-01T00:00:00.000Z',
    uploadExpiresAt: '2026-01-01T00:05:00.000Z',
  };

  it('counts a pending upload until its expiry plus the grace, a ready one always', () => {
    const grace = settings.pendingGraceSeconds * 1000;
    const expiry = Date.parse(pending.uploadExpiresAt as string);

    expect(isLive(pending, new Date(expiry + grace), settings)).toBe(true);
    expect(isLive(pending, new Date(expiry + grace + 1), settings)).toBe(false);
    expect(isLive({ ...pending, state: 'ready' }, new Date(expiry + grace + 1), settings)).toBe(true);
  });
});

describe('object keys', () => {
  it('are made from the owner, the note and the attachment, escaped', () => {
    expect(pendingKeyOf('sub/1', 'N', 'A')).toBe('pending/sub%2F1/N/A');
    expect(fileKeyOf('sub', 'N', 'A')).toBe('files/sub/N/A');
  });

  it('give an ASCII fallback name with no quote, backslash or percent', () => {
    expect(asciiFileName('Résumé "v2" 100%.pdf')).toBe('R_sum_ _v2_ 100_.pdf');
  });
});
