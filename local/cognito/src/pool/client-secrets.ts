/**
 * The checks of what a confidential app client proves it holds: its secret (the token
 * endpoint's Basic authentication) and Cognito's `SECRET_HASH` (the JSON API's sign-in calls),
 * both compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from './storage.js';

/** Compares digests, so that neither the time nor the lengths say how much of `b` was right. */
function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** Whether `secret` is the client's secret; never for a client without one. */
export function secretMatches(client: ClientRecord, secret: string | undefined): boolean {
  return client.clientSecret !== undefined && secret !== undefined && sameSecret(client.clientSecret, secret);
}

/**
 * Whether `secretHash` is Cognito's `SECRET_HASH` for any of `usernames`:
 * Base64(HMAC-SHA256(client secret, username + client id)).
 *
 * @example
 * secretHashMatches(client, [username, sub], params.SECRET_HASH);
 */
export function secretHashMatches(
  client: ClientRecord,
  usernames: readonly string[],
  secretHash: string | undefined,
): boolean {
  const secret = client.clientSecret;
  if (!secret || !secretHash) return false;
  return usernames.some((username) =>
    sameSecret(
      createHmac('sha256', secret)
        .update(username + client.clientId)
        .digest('base64'),
      secretHash,
    ),
  );
}
