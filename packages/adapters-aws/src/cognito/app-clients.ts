/**
 * The app clients whose tokens the API accepts: read once, the same way, by the Express server,
 * the authorizers and the notes function. Apart from the verifier, so that the notes function's
 * bundle can read them without the token verifier.
 */
import { documented, list, matching } from '@secure-notes/service-kit/config';
import * as v from 'valibot';

/** An app client id: what Cognito issues (26 lower-case alphanumerics), or a local one with _ or -. */
export const CLIENT_ID = /^[\w-]+$/;

/**
 * `COGNITO_CLIENT_IDS`: the app client ids whose tokens the API accepts, comma-separated.
 *
 * @example
 * readEnv({ clients: APP_CLIENTS_ENV }, { COGNITO_CLIENT_IDS: 'abc, def' }).clients.COGNITO_CLIENT_IDS // ['abc', 'def']
 */
export const APP_CLIENTS_ENV = v.object({
  COGNITO_CLIENT_IDS: documented(
    list(matching(CLIENT_ID, 'app client ids (letters, digits, _ and -), comma-separated'), 1, 'app client id'),
    'the app client ids whose ID tokens (`aud`) and access tokens (`client_id`) are accepted, comma-separated',
  ),
});
