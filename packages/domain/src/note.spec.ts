import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { CONTENT_MAX_BYTES, isNoteId, parseNoteFields, TITLE_MAX_CHARACTERS, toUtcIso } from './note.js';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseNoteFields', () => {
  it('accepts a title and content within the limits', () => {
    const content = 'ü'.repeat(CONTENT_MAX_BYTES / 2);

    const fields = parseNoteFields({ title: '🙂'.repeat(TITLE_MAX_CHARACTERS), content }, { requireOne: false });

    expect(fields).toEqual({ title: '🙂'.repeat(TITLE_MAX_CHARACTERS), content });
  });

  it('accepts an empty object when no field is required', () => {
    expect(parseNoteFields({}, { requireOne: false })).toEqual({});
  });

  it('counts the title in characters and the content in UTF-8 bytes', () => {
    const details = issuesOf(() =>
      parseNoteFields(
        { title: 'a'.repeat(TITLE_MAX_CHARACTERS + 1), content: 'ü'.repeat(CONTENT_MAX_BYTES / 2 + 1) },
        {
          requireOne: false,
        },
      ),
    );

    expect(details).toEqual([
      { field: 'title', message: 'must be at most 256 characters' },
      { field: 'content', message: 'must be at most 262144 bytes of UTF-8' },
    ]);
  });

  it('rejects fields that would name an owner, an id or a version', () => {
    const details = issuesOf(() =>
      parseNoteFields({ title: 'x', userId: 'someone-else', noteId: 'n', version: 9 }, { requireOne: false }),
    );

    expect(details.map((d) => d.field)).toEqual(['userId', 'noteId', 'version']);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'title'],
    ['a number', 3],
  ])('rejects %s as the body', (_, body) => {
    expect(issuesOf(() => parseNoteFields(body, { requireOne: false }))).toEqual([
      { field: '', message: 'must be a JSON object' },
    ]);
  });

  it('rejects fields of the wrong type and an empty title', () => {
    expect(issuesOf(() => parseNoteFields({ title: '', content: 42 }, { requireOne: false }))).toEqual([
      { field: 'title', message: 'must not be empty' },
      { field: 'content', message: 'must be a string' },
    ]);
  });

  it('rejects text with an unpaired surrogate, which UTF-8 (and so DynamoDB) cannot store, and keeps paired ones', () => {
    const parsed = JSON.parse('{"title":"a\\ud800b","content":"\\udfff"}') as unknown;

    expect(issuesOf(() => parseNoteFields(parsed, { requireOne: false })).map((issue) => issue.field)).toEqual([
      'title',
      'content',
    ]);
    expect(parseNoteFields(JSON.parse('{"title":"\\ud83d\\udcdd notes"}'), { requireOne: false })).toEqual({
      title: '📝 notes',
    });
  });

  it('requires at least one field for an update', () => {
    expect(issuesOf(() => parseNoteFields({}, { requireOne: true }))).toEqual([
      { field: '', message: 'must contain at least one of: title, content' },
    ]);
  });
});

describe('isNoteId', () => {
  it.each([
    ['a ULID made by the server', '01JDQ4ZK8G6Y4M3XWQY9T2V7AB', true],
    ['a UUID made by the tutorial Lambda', '7f8e9d0c-1a2b-4c3d-8e9f-0a1b2c3d4e5f', true],
    ['a ULID with a forbidden letter', '01JDQ4ZK8G6Y4M3XWQY9T2V7AU', false],
    ['a path traversal', '../admin', false],
    ['an empty string', '', false],
  ])('%s: %s → %s', (_, id, expected) => {
    expect(isNoteId(id)).toBe(expected);
  });
});

describe('toUtcIso', () => {
  it('reads the tutorial Lambda timestamps (UTC without a zone, microseconds) as UTC', () => {
    expect(toUtcIso('2026-04-24T10:00:00.123456')).toBe('2026-04-24T10:00:00.123Z');
    expect(toUtcIso('2026-04-24T10:00:00')).toBe('2026-04-24T10:00:00.000Z');
  });

  it('converts zoned timestamps to UTC and keeps its own unchanged', () => {
    expect(toUtcIso('2026-04-24T12:00:00+02:00')).toBe('2026-04-24T10:00:00.000Z');
    expect(toUtcIso('2026-04-24T10:00:00.000Z')).toBe('2026-04-24T10:00:00.000Z');
    expect(toUtcIso('2026-04-24T10:00:00Z')).toBe('2026-04-24T10:00:00.000Z');
    expect(toUtcIso('2026-04-24T10:00:00.5Z')).toBe('2026-04-24T10:00:00.500Z');
  });
});
