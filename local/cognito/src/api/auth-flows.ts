/**
 * What InitiateAuth, AdminInitiateAuth and the two RespondToAuthChallenge operations share:
 * which AuthFlow each InitiateAuth operation takes, the password flow (tokens, or the
 * NEW_PASSWORD_REQUIRED challenge), the refresh flow, the answer to the challenge, and the
 * client's ExplicitAuthFlows that allow each of them. Each operation keeps its own request
 * schema and file; only the logic they have in common is here.
 */
import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoError } from '../errors.js';
import type { Attributes } from '../pool/attributes.js';
import type { ClientRecord, UserRecord } from '../pool/storage.js';
import { SELF_SERVICE_SCOPE } from '../pool/user-pool.js';
import { REFRESH_REFUSAL_MESSAGES } from '../tokens/token-service.js';
import type { ChallengeApi } from './auth-challenges.js';
import { requireSecretHash } from './client-auth.js';
import type { Services } from './services.js';
import { authenticationResultType } from './wire.js';

/** What both InitiateAuth operations answer: tokens, or a challenge with its session. */
export interface AuthAnswer {
  AuthenticationResult?: AuthenticationResultType;
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters: Record<string, string>;
}

/** The ExplicitAuthFlows values (current and legacy) that allow each flow. */
const ALLOWING: Record<'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH', readonly string[]> = {
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  ADMIN_USER_PASSWORD_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
};

/** InvalidParameterException, worded as Cognito words it, unless the client allows `flow`. */
function requireAuthFlow(client: ClientRecord, flow: keyof typeof ALLOWING): void {
  const legacyClient = client.explicitAuthFlows.some((value) => !value.startsWith('ALLOW_'));
  // Legacy clients never gated refreshing; ALLOW_ clients must list it.
  if (flow === 'REFRESH_TOKEN_AUTH' && (legacyClient || client.explicitAuthFlows.length === 0)) return;
  if (client.explicitAuthFlows.some((value) => ALLOWING[flow].includes(value))) return;
  throw new CognitoError(
    'InvalidParameterException',
    flow === 'USER_PASSWORD_AUTH'
      ? 'USER_PASSWORD_AUTH flow not enabled for this client'
      : 'Auth flow not enabled for this client',
  );
}

function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (!value) throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

type FlowServices = Pick<Services, 'clients' | 'users' | 'signIns' | 'tokens' | 'challenges' | 'logger'>;

async function signedIn(
  services: FlowServices,
  user: UserRecord,
  client: ClientRecord,
  event: string,
): Promise<AuthAnswer> {
  const tokens = await services.tokens.issueForUser({
    user,
    client,
    scopes: [SELF_SERVICE_SCOPE],
    withIdToken: true,
    withRefreshToken: true,
  });
  services.logger.info({ event, username: user.username, clientId: client.clientId }, 'signed in');
  return { AuthenticationResult: authenticationResultType(tokens), ChallengeParameters: {} };
}

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: `USERNAME`, `PASSWORD` and, for a client
 * with a secret, `SECRET_HASH`.
 */
async function passwordFlow(
  services: FlowServices,
  client: ClientRecord,
  parameters: Record<string, string>,
  api: ChallengeApi,
): Promise<AuthAnswer> {
  const name = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const known = services.users.find(name);
  requireSecretHash(services.clients, client, [name, ...(known ? [known.username] : [])], parameters.SECRET_HASH);
  const outcome = await services.signIns.withPassword(name, password, client.preventUserExistenceErrors);
  const event = api === 'admin' ? 'AdminInitiateAuth' : 'InitiateAuth';
  if (outcome.kind === 'signed-in') return signedIn(services, outcome.user, client, event);
  const { user } = outcome;
  const session = services.challenges.open({
    username: user.username,
    clientId: client.clientId,
    api,
    minutes: client.authSessionValidity,
  });
  const { sub: _sub, ...visible } = user.attributes;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(
        services.signIns.missingRequiredAttributes(user).map((n) => `userAttributes.${n}`),
      ),
      userAttributes: JSON.stringify(visible),
    },
  };
}

/**
 * REFRESH_TOKEN_AUTH: `REFRESH_TOKEN` and, for a client with a secret, `SECRET_HASH` of the
 * token's user. New ID and access tokens, no new refresh token.
 */
async function refreshFlow(
  services: FlowServices,
  client: ClientRecord,
  parameters: Record<string, string>,
): Promise<AuthAnswer> {
  const refreshToken = requireParameter(parameters, 'REFRESH_TOKEN');
  // The hash is of the token's user; a token the pool never issued has none to check it
  // against, and is refused as invalid once a hash is there.
  const user = services.users.find(services.tokens.findRefreshToken(refreshToken)?.username);
  if (user) {
    const names = [user.username, ...(user.attributes.email ? [user.attributes.email] : [])];
    requireSecretHash(services.clients, client, names, parameters.SECRET_HASH);
  } else if (client.clientSecret && !parameters.SECRET_HASH) {
    requireSecretHash(services.clients, client, [], undefined);
  }
  const outcome = await services.tokens.refresh(refreshToken, client);
  if (outcome.kind === 'refused') {
    throw new CognitoError('NotAuthorizedException', REFRESH_REFUSAL_MESSAGES[outcome.reason]);
  }
  return { AuthenticationResult: authenticationResultType(outcome.tokens), ChallengeParameters: {} };
}

/** Each API's password flow: the AuthFlow values that name it, and the flow a client must allow. */
const PASSWORD_FLOWS: Record<ChallengeApi, { names: readonly string[]; flow: keyof typeof ALLOWING }> = {
  client: { names: ['USER_PASSWORD_AUTH'], flow: 'USER_PASSWORD_AUTH' },
  admin: { names: ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'], flow: 'ADMIN_USER_PASSWORD_AUTH' },
};

/**
 * The `AuthFlow` of InitiateAuth (`api` 'client') or AdminInitiateAuth ('admin'): the API's own
 * password flow or REFRESH_TOKEN_AUTH, each only when the client allows it. The other API's
 * password flow is refused as Cognito refuses it; any other flow is not served locally.
 */
export async function initiateAuthFlow(
  services: FlowServices,
  client: ClientRecord,
  input: { AuthFlow: string; AuthParameters?: Record<string, string> | undefined },
  api: ChallengeApi,
): Promise<AuthAnswer> {
  const parameters = input.AuthParameters ?? {};
  const own = PASSWORD_FLOWS[api];
  if (own.names.includes(input.AuthFlow)) {
    requireAuthFlow(client, own.flow);
    return passwordFlow(services, client, parameters, api);
  }
  if (input.AuthFlow === 'REFRESH_TOKEN_AUTH' || input.AuthFlow === 'REFRESH_TOKEN') {
    requireAuthFlow(client, 'REFRESH_TOKEN_AUTH');
    return refreshFlow(services, client, parameters);
  }
  if (PASSWORD_FLOWS[api === 'admin' ? 'client' : 'admin'].names.includes(input.AuthFlow)) {
    throw new CognitoError('InvalidParameterException', 'Initiate Auth method not supported.');
  }
  throw new CognitoError(
    'InvalidParameterException',
    `AuthFlow ${input.AuthFlow} is not supported by the local Cognito; use ${own.flow} or REFRESH_TOKEN_AUTH.`,
  );
}

/**
 * The answer to NEW_PASSWORD_REQUIRED: `USERNAME`, `NEW_PASSWORD`, `SECRET_HASH` and a
 * `userAttributes.<name>` for each required attribute the user lacks. Tokens on success.
 */
export async function answerNewPasswordChallenge(
  services: FlowServices,
  client: ClientRecord,
  input: {
    ChallengeName: string;
    Session?: string | undefined;
    ChallengeResponses?: Record<string, string> | undefined;
  },
  api: ChallengeApi,
): Promise<AuthAnswer> {
  if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED') {
    throw new CognitoError('InvalidParameterException', `Unsupported challenge ${input.ChallengeName}.`);
  }
  const username = services.challenges.usernameOf(input.Session, client.clientId, api);
  const responses = input.ChallengeResponses ?? {};
  const name = requireParameter(responses, 'USERNAME');
  const user = services.users.find(name);
  if (!user || user.username !== username)
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
  requireSecretHash(services.clients, client, [name, user.username], responses.SECRET_HASH);
  if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith('userAttributes.')) attributes[key.slice('userAttributes.'.length)] = value;
  }
  await services.signIns.completeNewPassword(user, responses.NEW_PASSWORD, attributes);
  services.challenges.close(input.Session as string);
  return signedIn(services, user, client, api === 'admin' ? 'AdminRespondToAuthChallenge' : 'RespondToAuthChallenge');
}
