/**
 * The app clients whose tokens the API accepts: read once, the same way, by the Express server,
 * the authorizers and the notes function. No dependencies, so the notes function's bundle can
 * use it without the token verifier.
 */

/** An app client id: what Cognito issues (26 lower-case alphanumerics), or a local one with _ or -. */
export const CLIENT_ID = /^[\w-]+$/;

const CLIENT_IDS_VARIABLE = 'COGNITO_CLIENT_IDS';

/**
 * The app client ids whose tokens the API accepts, from `COGNITO_CLIENT_IDS` (comma-separated).
 * Throws an error naming the variable when it is missing or lists something else.
 *
 * @example
 * appClientIdsFromEnv({ COGNITO_CLIENT_IDS: 'abc, def' }) // ['abc', 'def']
 */
export function appClientIdsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const clientIds = (env[CLIENT_IDS_VARIABLE] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (clientIds.length === 0) {
    throw new Error(`${CLIENT_IDS_VARIABLE} is required: give the accepted app client ids, comma-separated`);
  }
  const badClient = clientIds.find((id) => !CLIENT_ID.test(id));
  if (badClient !== undefined) {
    throw new Error(
      `${CLIENT_IDS_VARIABLE} must list app client ids (letters, digits, _ and -), got ${JSON.stringify(badClient)}`,
    );
  }
  return clientIds;
}
