/**
 * The `nextToken` of a notes listing: opaque to clients, bound to its owner, tamper-evident.
 * It carries the last note id of the page, sealed with an HMAC over the owner and that id;
 * the owner itself is not in the token. A token made for another user, or altered in any
 * way, fails the seal and is a validation error (400), never a storage error.
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { ValidationError } from './errors.js';
import { isNoteId } from './note.js';

const VERSION = 'v1';

export class PageCursorCodec {
  /** The secret as a key object made once: an HMAC keyed by a string imports the key on every call. */
  readonly #key: KeyObject;

  /** @param secret a server secret shared by every instance that serves the same table. */
  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the page cursor secret must be at least 16 characters');
    this.#key = createSecretKey(secret, 'utf8');
  }

  encode(ownerId: string, lastNoteId: string): string {
    const payload = Buffer.from(lastNoteId, 'utf8').toString('base64url');
    return `${VERSION}.${payload}.${this.#seal(ownerId, payload)}`;
  }

  /** The note id to continue after; `ValidationError` on a foreign or altered token. */
  decode(ownerId: string, token: string): string {
    const parts = token.split('.');
    const [version, payload, seal] = parts;
    if (parts.length === 3 && version === VERSION && payload && seal) {
      // Compare the seal as text, not as decoded bytes: base64 decoders ignore the spare bits of
      // the last character, so a decoded comparison would accept some altered tokens.
      const expected = Buffer.from(this.#seal(ownerId, payload), 'ascii');
      const given = Buffer.from(seal, 'ascii');
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        const noteId = Buffer.from(payload, 'base64url').toString('utf8');
        if (isNoteId(noteId)) return noteId;
      }
    }
    throw new ValidationError([{ field: 'nextToken', message: 'is not a page token of this listing' }]);
  }

  #seal(ownerId: string, payload: string): string {
    return createHmac('sha256', this.#key).update(`${VERSION}\n${ownerId}\n${payload}`).digest('base64url');
  }
}
