import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { PageCursorCodec } from './page-cursor.js';

const secret = 'a-test-secret-of-enough-length';
const noteId = '01JDQ4ZK8G6Y4M3XWQY9T2V7AB';

describe('PageCursorCodec', () => {
  it('gives back the note id to continue after, for the same owner', () => {
    const codec = new PageCursorCodec(secret);

    const token = codec.encode('alice', noteId);

    expect(codec.decode('alice', token)).toBe(noteId);
    expect(token).not.toContain('alice');
  });

  it.each([
    ['made for another user', (token: string) => token, 'mallory'],
    [
      'with an altered payload',
      (token: string) => token.replace(/\.[^.]+\./, '.MDFKRFE0Wks4RzZZNE0zWFdRWTlUMlY3QUM.'),
      'alice',
    ],
    ['with an altered seal', (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'alice'],
    ['truncated', (token: string) => token.slice(0, 10), 'alice'],
    ['from another version', (token: string) => token.replace(/^v1/, 'v2'), 'alice'],
    ['not a token at all', () => 'not-a-token', 'alice'],
    ['empty', () => '', 'alice'],
  ])('rejects a token %s as a validation error', (_, alter, owner) => {
    const codec = new PageCursorCodec(secret);
    const token = alter(codec.encode('alice', noteId));

    expect(() => codec.decode(owner, token)).toThrow(ValidationError);
  });

  it('rejects every one-character change of the seal, including the spare bits of its last character', () => {
    const codec = new PageCursorCodec(secret);
    const token = codec.encode('alice', noteId);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

    const accepted = [...alphabet]
      .filter((character) => character !== token.at(-1))
      .map((character) => `${token.slice(0, -1)}${character}`)
      .filter((forged) => {
        try {
          codec.decode('alice', forged);
          return true;
        } catch {
          return false;
        }
      });

    expect(accepted).toEqual([]);
  });

  it('rejects a token sealed with another secret', () => {
    const token = new PageCursorCodec('another-secret-of-enough-length').encode('alice', noteId);

    expect(() => new PageCursorCodec(secret).decode('alice', token)).toThrow(ValidationError);
  });

  it('keeps the token format of earlier releases, so that tokens already handed out still work after an upgrade', () => {
    // The v1 format, written out: the payload is the note id in base64url, the seal an HMAC-SHA256
    // keyed by the secret's UTF-8 bytes over "v1", the owner and the payload, one per line.
    const secretWithNonAscii = 'a-test-secret-with-ü-of-enough-length';
    const payload = Buffer.from(noteId).toString('base64url');
    const seal = createHmac('sha256', Buffer.from(secretWithNonAscii, 'utf8'))
      .update(`v1\nalice\n${payload}`)
      .digest('base64url');

    const codec = new PageCursorCodec(secretWithNonAscii);

    expect(codec.encode('alice', noteId)).toBe(`v1.${payload}.${seal}`);
    expect(codec.decode('alice', `v1.${payload}.${seal}`)).toBe(noteId);
  });

  it('refuses a short secret', () => {
    expect(() => new PageCursorCodec('short')).toThrow(/at least 16 characters/);
  });
});
