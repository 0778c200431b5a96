/**
 * The request fields CreateUserPoolClient and UpdateUserPoolClient share, and their
 * translation into the pool's `ClientSettings`.
 */
import { z } from 'zod';
import { AUTH_FLOWS, type ClientSettings } from '../../pool/client-settings.js';

const unit = z.enum(['seconds', 'minutes', 'hours', 'days']);
const redirectUrl = z.string().min(1).max(1024);

export const clientSettingsFields = {
  ClientName: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w\s+=,.@-]+$/),
  RefreshTokenValidity: z.number().int().min(0).max(315_360_000).optional(),
  AccessTokenValidity: z.number().int().min(1).max(86_400).optional(),
  IdTokenValidity: z.number().int().min(1).max(86_400).optional(),
  TokenValidityUnits: z
    .object({ AccessToken: unit.optional(), IdToken: unit.optional(), RefreshToken: unit.optional() })
    .optional(),
  ReadAttributes: z.array(z.string().min(1).max(2048)).optional(),
  WriteAttributes: z.array(z.string().min(1).max(2048)).optional(),
  ExplicitAuthFlows: z.array(z.enum(AUTH_FLOWS)).optional(),
  SupportedIdentityProviders: z.array(z.string().min(1).max(32)).optional(),
  CallbackURLs: z.array(redirectUrl).max(100).optional(),
  LogoutURLs: z.array(redirectUrl).max(100).optional(),
  DefaultRedirectURI: redirectUrl.optional(),
  AllowedOAuthFlows: z
    .array(z.enum(['code', 'implicit', 'client_credentials']))
    .max(3)
    .optional(),
  AllowedOAuthScopes: z.array(z.string().min(1).max(256)).max(50).optional(),
  AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
  AnalyticsConfiguration: z.unknown().optional(),
  PreventUserExistenceErrors: z.enum(['ENABLED', 'LEGACY']).optional(),
  EnableTokenRevocation: z.boolean().optional(),
  EnablePropagateAdditionalUserContextData: z.boolean().optional(),
  AuthSessionValidity: z.number().int().min(3).max(15).optional(),
};

type Fields = z.output<z.ZodObject<typeof clientSettingsFields>>;

/** The request's settings in the pool's terms; what the request leaves out stays out. */
export function clientSettingsOf(input: Fields): ClientSettings {
  const defined = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const units = input.TokenValidityUnits;
  return {
    clientName: input.ClientName,
    tokenValidity: {
      ...defined('accessToken', input.AccessTokenValidity),
      ...defined('idToken', input.IdTokenValidity),
      ...defined('refreshToken', input.RefreshTokenValidity),
      units: {
        ...defined('accessToken', units?.AccessToken),
        ...defined('idToken', units?.IdToken),
        ...defined('refreshToken', units?.RefreshToken),
      },
    },
    ...defined('explicitAuthFlows', input.ExplicitAuthFlows),
    ...defined('supportedIdentityProviders', input.SupportedIdentityProviders),
    ...defined('callbackUrls', input.CallbackURLs),
    ...defined('logoutUrls', input.LogoutURLs),
    ...defined('defaultRedirectUri', input.DefaultRedirectURI),
    ...defined('allowedOAuthFlows', input.AllowedOAuthFlows),
    ...defined('allowedOAuthScopes', input.AllowedOAuthScopes),
    ...defined('allowedOAuthFlowsUserPoolClient', input.AllowedOAuthFlowsUserPoolClient),
    ...defined('readAttributes', input.ReadAttributes),
    ...defined('writeAttributes', input.WriteAttributes),
    ...defined('preventUserExistenceErrors', input.PreventUserExistenceErrors),
    ...defined('enableTokenRevocation', input.EnableTokenRevocation),
    ...defined('enablePropagateAdditionalUserContextData', input.EnablePropagateAdditionalUserContextData),
    ...defined('authSessionValidity', input.AuthSessionValidity),
  };
}
