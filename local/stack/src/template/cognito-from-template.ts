/**
 * The user pool's parts as the template deploys them, given to the local Cognito through its own
 * Cognito API (the one the AWS SDK and CLI call): each app client's settings (flows, scopes,
 * callback and sign-out URLs, token validity, auth flows) with UpdateUserPoolClient, each group
 * the pool lacks with CreateGroup. The local Cognito cannot create or change resource servers
 * (its pool has the API's built in): a template resource server that differs from it stops the
 * start, naming the resource. One difference is kept on purpose, and named at start: the local
 * web client also allows the password sign-in flows (LOCAL_AUTH_FLOWS), with which the test
 * suites and scripts sign in without SRP.
 */
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  type ExplicitAuthFlowsType,
  ListGroupsCommand,
  type OAuthFlowType,
  type TimeUnitsType,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { expandPlaceholders } from './local-environment.js';
import { describeResource, type TemplateAppClient, TemplateError, type TemplateUserPool } from './template-model.js';

export interface LocalPool {
  /** The local Cognito's base URL (its Cognito API endpoint). */
  readonly url: string;
  readonly region: string;
  readonly userPoolId: string;
  /** The local client id of each template client, by logical id. */
  readonly clientIds: Readonly<Record<string, string>>;
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

/** Sign-in flows a local client keeps beyond the template's, when it has them: password sign-in for tests and scripts. */
export const LOCAL_AUTH_FLOWS: readonly string[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'];

/** A way a local client is not as the template deploys it. */
export interface ClientDifference {
  readonly logicalId: string;
  readonly type: string;
  readonly why: string;
}

/** The UpdateUserPoolClient request that gives a local client the template client's settings. */
export function clientUpdate(
  client: TemplateAppClient,
  pool: LocalPool,
  keptAuthFlows: readonly string[] = [],
): UpdateUserPoolClientCommandInput {
  const clientId = pool.clientIds[client.logicalId];
  if (clientId === undefined) throw new TemplateError(`${describeResource(client)}: no local client stands for it`);
  const fill = (urls: readonly string[]) => [
    ...new Set(urls.flatMap((url) => expandPlaceholders(url, pool.placeholders))),
  ];
  const validity = client.tokenValidity;
  const units = validity.units;
  return {
    UserPoolId: pool.userPoolId,
    ClientId: clientId,
    ClientName: client.name,
    ExplicitAuthFlows: [...new Set([...client.explicitAuthFlows, ...keptAuthFlows])] as ExplicitAuthFlowsType[],
    SupportedIdentityProviders: [...client.supportedIdentityProviders],
    AllowedOAuthFlowsUserPoolClient: client.oauthFlows.length > 0,
    ...(client.oauthFlows.length === 0
      ? {}
      : { AllowedOAuthFlows: [...client.oauthFlows] as OAuthFlowType[], AllowedOAuthScopes: [...client.oauthScopes] }),
    ...(client.callbackUrls.length === 0 ? {} : { CallbackURLs: fill(client.callbackUrls) }),
    ...(client.logoutUrls.length === 0 ? {} : { LogoutURLs: fill(client.logoutUrls) }),
    EnableTokenRevocation: client.enableTokenRevocation,
    PreventUserExistenceErrors: client.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    ...(validity.accessToken === undefined ? {} : { AccessTokenValidity: validity.accessToken }),
    ...(validity.idToken === undefined ? {} : { IdTokenValidity: validity.idToken }),
    ...(validity.refreshToken === undefined ? {} : { RefreshTokenValidity: validity.refreshToken }),
    ...(units === undefined
      ? {}
      : {
          TokenValidityUnits: {
            ...(units.AccessToken === undefined ? {} : { AccessToken: units.AccessToken }),
            ...(units.IdToken === undefined ? {} : { IdToken: units.IdToken }),
            ...(units.RefreshToken === undefined ? {} : { RefreshToken: units.RefreshToken }),
          } as Record<string, TimeUnitsType>,
        }),
  };
}

/**
 * Gives the local Cognito the template's clients and groups; throws, naming the resource, what it
 * cannot take.
 *
 * @example
 * await applyUserPool(api.userPool, { url: cognito.url, region, userPoolId, clientIds, placeholders });
 */
export async function applyUserPool(userPool: TemplateUserPool, pool: LocalPool): Promise<ClientDifference[]> {
  const differences: ClientDifference[] = [];
  const client = new CognitoIdentityProviderClient({
    endpoint: pool.url,
    region: pool.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    for (const server of userPool.resourceServers) {
      const local = await client
        .send(new DescribeResourceServerCommand({ UserPoolId: pool.userPoolId, Identifier: server.identifier }))
        .catch(() => undefined);
      const scopes = (local?.ResourceServer?.Scopes ?? []).map((scope) => scope.ScopeName).sort();
      if (local === undefined || scopes.join(',') !== [...server.scopes].sort().join(',')) {
        throw new TemplateError(
          `${describeResource(server)}: the local Cognito's pool has ${local === undefined ? 'no resource server' : `resource server ${server.identifier} with scopes ${scopes.join(', ')}`}` +
            ` where the template has ${server.identifier} with scopes ${server.scopes.join(', ')}; the local Cognito cannot create or change resource servers (CreateResourceServer is not emulated): change local/cognito's pool to match.`,
        );
      }
    }
    for (const templateClient of userPool.clients) {
      // A client the local Cognito has nothing like is named at start (see `localClientIds`).
      if (pool.clientIds[templateClient.logicalId] === undefined) continue;
      try {
        const clientId = pool.clientIds[templateClient.logicalId] ?? '';
        const local = await client.send(
          new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: clientId }),
        );
        const kept = (local.UserPoolClient?.ExplicitAuthFlows ?? []).filter(
          (flow) => LOCAL_AUTH_FLOWS.includes(flow) && !templateClient.explicitAuthFlows.includes(flow),
        );
        if (kept.length > 0) {
          differences.push({
            logicalId: templateClient.logicalId,
            type: templateClient.type,
            why: `the local client also allows ${kept.join(', ')} (password sign-in for the test suites and scripts)`,
          });
        }
        await client.send(new UpdateUserPoolClientCommand(clientUpdate(templateClient, pool, kept)));
      } catch (error) {
        throw new TemplateError(
          `${describeResource(templateClient)}: the local Cognito refused its settings: ${(error as Error).message}`,
        );
      }
    }
    const groups = await client.send(new ListGroupsCommand({ UserPoolId: pool.userPoolId }));
    const existing = new Set((groups.Groups ?? []).map((group) => group.GroupName));
    for (const group of userPool.groups) {
      if (existing.has(group.name)) continue;
      await client.send(
        new CreateGroupCommand({
          UserPoolId: pool.userPoolId,
          GroupName: group.name,
          ...(group.precedence === undefined ? {} : { Precedence: group.precedence }),
        }),
      );
    }
    return differences;
  } finally {
    client.destroy();
  }
}
