/**
 * The pool's records in the shapes the API answers with, typed by the SDK's own output types
 * (timestamps are `Date`s there; the router writes them as epoch seconds, as the service does).
 */
import type {
  AttributeType,
  AuthenticationResultType,
  CodeDeliveryDetailsType,
  ExplicitAuthFlowsType,
  GroupType,
  ResourceServerType,
  UserPoolClientType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CodeDelivery } from '../pool/password-reset.js';
import type { ClientRecord, GroupRecord, ResourceServerRecord, UserRecord } from '../pool/storage.js';
import type { TokenSet } from '../tokens/token-service.js';

/** The user's attributes as `[{Name, Value}]`, all of them or only those named. */
export function attributeTypes(user: UserRecord, only?: readonly string[]): AttributeType[] {
  return Object.entries(user.attributes)
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

export function userType(user: UserRecord, only?: readonly string[]): UserType {
  return {
    Username: user.username,
    Attributes: attributeTypes(user, only),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

export function groupType(group: GroupRecord, userPoolId: string): GroupType {
  return {
    GroupName: group.name,
    UserPoolId: userPoolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    CreationDate: new Date(group.createdAt),
    LastModifiedDate: new Date(group.lastModifiedAt),
  };
}

export function resourceServerType(server: ResourceServerRecord, userPoolId: string): ResourceServerType {
  return {
    UserPoolId: userPoolId,
    Identifier: server.identifier,
    Name: server.name,
    Scopes: server.scopes.map((scope) => ({ ScopeName: scope.name, ScopeDescription: scope.description })),
  };
}

/** DescribeUserPoolClient's answer; the lists Cognito leaves out when empty are left out. */
export function userPoolClientType(client: ClientRecord, userPoolId: string): UserPoolClientType {
  const { tokenValidity: validity } = client;
  const list = <T>(values: readonly T[]) => (values.length > 0 ? [...values] : undefined);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    UserPoolId: userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...optional('ClientSecret', client.clientSecret),
    LastModifiedDate: new Date(client.lastModifiedAt),
    CreationDate: new Date(client.createdAt),
    RefreshTokenValidity: validity.refreshToken,
    AccessTokenValidity: validity.accessToken,
    IdTokenValidity: validity.idToken,
    TokenValidityUnits: {
      AccessToken: validity.units.accessToken,
      IdToken: validity.units.idToken,
      RefreshToken: validity.units.refreshToken,
    },
    ...optional('ReadAttributes', client.readAttributes),
    ...optional('WriteAttributes', client.writeAttributes),
    ...optional('ExplicitAuthFlows', list(client.explicitAuthFlows as ExplicitAuthFlowsType[])),
    ...optional('SupportedIdentityProviders', list(client.supportedIdentityProviders)),
    ...optional('CallbackURLs', list(client.callbackUrls)),
    ...optional('LogoutURLs', list(client.logoutUrls)),
    ...optional('DefaultRedirectURI', client.defaultRedirectUri),
    ...optional('AllowedOAuthFlows', list(client.allowedOAuthFlows)),
    ...optional('AllowedOAuthScopes', list(client.allowedOAuthScopes)),
    AllowedOAuthFlowsUserPoolClient: client.allowedOAuthFlowsUserPoolClient,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: client.enablePropagateAdditionalUserContextData,
    AuthSessionValidity: client.authSessionValidity,
  };
}

export function authenticationResultType(tokens: TokenSet): AuthenticationResultType {
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: tokens.expiresIn,
    TokenType: 'Bearer',
    ...(tokens.refreshToken !== undefined ? { RefreshToken: tokens.refreshToken } : {}),
    ...(tokens.idToken !== undefined ? { IdToken: tokens.idToken } : {}),
  };
}

export function codeDeliveryDetails(delivery: CodeDelivery): CodeDeliveryDetailsType {
  return {
    Destination: delivery.destination,
    DeliveryMedium: delivery.deliveryMedium,
    AttributeName: delivery.attributeName,
  };
}
