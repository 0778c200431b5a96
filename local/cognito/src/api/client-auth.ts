/**
 * `SECRET_HASH`, which Cognito requires from a client with a secret on every operation that
 * names a user without an access token: SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword, InitiateAuth, RespondToAuthChallenge and their Admin
 * forms. It is Base64(HMAC-SHA256(client secret, username + client id)); either the name the
 * user signs in with or the username (the `sub`) is accepted.
 */
import { CognitoError } from '../errors.js';
import type { AppClients } from '../pool/clients.js';
import type { ClientRecord } from '../pool/storage.js';

/**
 * NotAuthorizedException, with Cognito's messages, when the client has a secret and
 * `secretHash` is missing or does not match any of `usernames`.
 *
 * @example
 * requireSecretHash(clients, client, [request.Username], request.SecretHash);
 */
export function requireSecretHash(
  clients: AppClients,
  client: ClientRecord,
  usernames: readonly string[],
  secretHash: string | undefined,
): void {
  if (!client.clientSecret) return;
  if (!secretHash) {
    throw new CognitoError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  }
  if (!clients.secretHashMatches(client, usernames, secretHash)) {
    throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
  }
}
