/**
 * Identifiers shaped like Cognito's, from the CSPRNG. Clients and tools sometimes validate the
 * shape (a pool id is `{region}_{alphanumerics}`, a client id 26 lowercase alphanumerics), so the
 * emulator keeps to it.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from `alphabet`. */
export function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A user pool id such as `us-east-1_AbC123xyz`. */
export function newUserPoolId(region: string): string {
  return `${region}_${randomString(ALNUM, 9)}`;
}

/** An app client id: 26 lowercase alphanumerics. */
export function newClientId(): string {
  return randomString(LOWER_ALNUM, 26);
}

/** An app client secret: 51 lowercase alphanumerics, as Cognito's look. */
export function newClientSecret(): string {
  return randomString(LOWER_ALNUM, 51);
}

/** A `sub`, a `jti`, an `event_id`: UUID v4 like Cognito's. */
export function newUuid(): string {
  return randomUUID();
}

/** An opaque, unguessable token (authorization codes, refresh tokens, sessions, CSRF tokens). */
export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A six-digit confirmation code, as Cognito mails them. */
export function newConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
